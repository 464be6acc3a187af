package policy

import (
	"sync"
	"testing"
)

// A parsed Policy is immutable and safe for concurrent Evaluate calls, even
// when policy variables are resolved per request (run with -race).
func TestConcurrentEvaluate(t *testing.T) {
	p := mustParse(t, stmt(`[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"},"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:user/${aws:username}"}}}]`), Identity)
	var wg sync.WaitGroup
	for _, user := range []string{"alice", "bob", "carol", "dave"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/" + user + "/k"}
			req.Context.Set("aws:username", user)
			req.Context.Set("s3:prefix", user+"/k")
			req.Context.Set("aws:SourceArn", "arn:aws:iam::123456789012:user/"+user)
			for range 200 {
				if d := Evaluate(req, p).Decision; d != Allowed {
					t.Errorf("%s: %v", user, d)
					return
				}
			}
		}()
	}
	wg.Wait()
}

package iam

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
)

// Racing writers leave IAM consistent: one role per name, and a policy is
// never both deleted and attached.
func TestConcurrentWrites(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String(fmt.Sprintf("Same%c", "aA"[i%2])), AssumeRolePolicyDocument: aws.String(trustEC2)})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch code(err) {
		case "":
			ok++
		case "EntityAlreadyExists":
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d CreateRole calls succeeded for one name", ok)
	}

	for round := range 5 {
		role := fmt.Sprintf("r%d", round)
		createRole(t, f, role)
		arn := createPolicy(t, f, "p"+role, allowS3)
		var attachErr, deleteErr error
		wg.Go(func() {
			_, attachErr = f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: &role, PolicyArn: &arn})
		})
		wg.Go(func() { _, deleteErr = f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: &arn}) })
		wg.Wait()
		r, err := f.api.GetRoleByARN(bg, "arn:aws:iam::000000000000:role/"+role)
		if err != nil {
			t.Fatal(err)
		}
		attached := slices.Contains(r.AttachedPolicies, arn)
		_, getErr := f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: &arn})
		exists := getErr == nil
		if attached && !exists || (attachErr == nil) != attached || (deleteErr == nil) == exists {
			t.Fatalf("round %d: attached %v exists %v attach %v delete %v", round, attached, exists, attachErr, deleteErr)
		}
	}
}

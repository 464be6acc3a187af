package awsapi

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

type tag struct{ Key, Value string }
type qIn struct {
	RoleName   string `aws:"required"`
	MaxItems   *int
	Flag       bool
	Tags       []tag
	Thumbs     []string `query:"ThumbprintList"`
	Attributes map[string]string
	Nested     struct{ Inner string }
}

func TestDecodeQuery(t *testing.T) {
	form, _ := url.ParseQuery("RoleName=r&MaxItems=5&Flag=true&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1" +
		"&ThumbprintList.member.1=aa&ThumbprintList.member.2=bb&Attributes.entry.1.key=k&Attributes.entry.1.value=v&Nested.Inner=i")
	var in qIn
	if err := decodeQuery(form, &in); err != nil {
		t.Fatal(err)
	}
	want := qIn{RoleName: "r", Flag: true, Tags: []tag{{"a", "1"}, {"b", "2"}}, Thumbs: []string{"aa", "bb"}, Attributes: map[string]string{"k": "v"}}
	want.Nested.Inner = "i"
	five := 5
	want.MaxItems = &five
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("got %+v\nwant %+v", in, want)
	}
}

func TestDecodeQueryErrors(t *testing.T) {
	for _, q := range []string{"MaxItems=x", "Flag=maybe"} {
		form, _ := url.ParseQuery(q)
		var in qIn
		if err := decodeQuery(form, &in); err == nil {
			t.Errorf("%s: want error", q)
		}
	}
	var in qIn
	decodeQuery(url.Values{}, &in)
	err := checkRequired(&in, Query)
	if err == nil || !strings.Contains(err.Error(), "Value null at 'roleName' failed to satisfy constraint: Member must not be null") {
		t.Fatalf("required: %v", err)
	}
}

func FuzzDecodeQuery(f *testing.F) {
	f.Add("RoleName=r&Tags.member.1.Key=a&Tags.member.99999999999.Key=b")
	f.Add("MaxItems=1e9&Attributes.entry.x.key=1&Nested.Inner=")
	f.Add("Tags.member.1.Key.member.1=z&ThumbprintList=")
	f.Fuzz(func(t *testing.T, q string) {
		form, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		var in qIn
		_ = decodeQuery(form, &in)
		_ = checkRequired(&in, Query)
	})
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"name":"x","count":3}`)
	f.Add(`{"name":1}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, body string) {
		var in echoIn
		_ = decodeInput(JSON10, nil, []byte(body), &in)
	})
}

type shared struct {
	ActionNames []string `aws:"required"`
	Marker      string
}

type withEmbedded struct {
	PolicySourceArn string `aws:"required"`
	shared
}

func TestDecodeQueryEmbedded(t *testing.T) {
	form, _ := url.ParseQuery("PolicySourceArn=arn:x&ActionNames.member.1=iam:CreateRole&Marker=m")
	var in withEmbedded
	if err := decodeQuery(form, &in); err != nil {
		t.Fatal(err)
	}
	if in.PolicySourceArn != "arn:x" || len(in.ActionNames) != 1 || in.ActionNames[0] != "iam:CreateRole" || in.Marker != "m" {
		t.Fatalf("decoded %+v", in)
	}
	var empty withEmbedded
	err := checkRequired(&empty, Query)
	if err == nil || !strings.Contains(err.Error(), "2 validation errors") || !strings.Contains(err.Error(), "'actionNames'") {
		t.Fatalf("required through embedding: %v", err)
	}
}

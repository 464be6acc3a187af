package engine

import (
	"strings"
	"testing"
)

const conditional = `
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Always:
    Type: Test::Fail::Resource
    Metadata:
      Owner: platform
  ProdOnly:
    Type: Test::Fail::Resource
    Condition: IsProd
    Properties:
      Value: !Ref Always
Outputs:
  Prod:
    Condition: IsProd
    Value: !Ref ProdOnly
`

func TestConditionsAcrossUpdates(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("cond", conditional, ParameterInput{Key: "Env", Value: "dev"})
	wantStatus(t, s, StackCreateComplete)
	if res := h.resources(s.ID); len(res) != 1 || len(s.Outputs) != 0 {
		t.Fatalf("dev stack: %d resources, outputs %+v", len(res), s.Outputs)
	}
	s = h.mustUpdate("cond", conditional, ParameterInput{Key: "Env", Value: "prod"})
	wantStatus(t, s, StackUpdateComplete)
	if res := h.resources(s.ID); len(res) != 2 || len(s.Outputs) != 1 {
		t.Fatalf("prod stack: %d resources, outputs %+v", len(res), s.Outputs)
	}
	s = h.mustUpdate("cond", conditional, ParameterInput{Key: "Env", Value: "dev"})
	if res := h.resources(s.ID); len(res) != 1 || len(h.prov.Live()) != 1 {
		t.Fatalf("back to dev: %d resources, live %v", len(res), h.prov.Live())
	}
	_, err := h.update("cond", conditional, ParameterInput{Key: "Env", Value: "staging"})
	wantErr(t, err, CodeValidation, "Env")
}

func TestMetadataAndPolicyOnlyChanges(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("meta", conditional, ParameterInput{Key: "Env", Value: "dev"})
	calls := len(h.prov.Calls())
	cs := h.changeSet("meta", "m", "", strings.Replace(conditional, "Owner: platform", "Owner: apps", 1), ParameterInput{Key: "Env", UsePreviousValue: true})
	if len(cs.Changes) != 1 || strings.Join(cs.Changes[0].Scope, ",") != "Metadata" || cs.Changes[0].Replacement != "False" {
		t.Fatalf("metadata change set: %+v", cs.Changes)
	}
	if _, err := h.e.ExecuteChangeSet(ctx, ExecuteInput{StackName: "meta", ChangeSetName: "m", Principal: root}); err != nil {
		t.Fatal(err)
	}
	s = h.wait(s.ID)
	wantStatus(t, s, StackUpdateComplete)
	if n := len(h.prov.Calls()); n != calls {
		t.Errorf("a metadata change called the provider %d times", n-calls)
	}
	if got := h.resources(s.ID)["Always"].Metadata["Owner"]; got != "apps" {
		t.Errorf("metadata = %v", got)
	}
	retain := strings.Replace(conditional, "    Metadata:\n      Owner: platform\n", "    DeletionPolicy: Retain\n    Metadata:\n      Owner: apps\n", 1)
	cs = h.changeSet("meta", "p", "", retain, ParameterInput{Key: "Env", UsePreviousValue: true})
	if len(cs.Changes) != 1 || strings.Join(cs.Changes[0].Scope, ",") != "DeletionPolicy" {
		t.Fatalf("policy change set: %+v", cs.Changes)
	}
	wantStatus(t, h.mustUpdate("meta", retain, ParameterInput{Key: "Env", UsePreviousValue: true}), StackUpdateComplete)
	id := h.resources(s.ID)["Always"].Live.ID
	wantStatus(t, h.mustDelete("meta"), StackDeleteComplete)
	if !h.prov.Exists(id) {
		t.Error("the Retain policy set by an update was not honoured")
	}
}

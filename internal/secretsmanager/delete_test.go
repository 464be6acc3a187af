package secretsmanager_test

import (
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

const markedDeleted = "You can't perform this operation on the secret because it was marked for deletion."

func TestDeleteWindowAndRestore(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "gone", "SecretString": "v"}, &c)
	now := h.Clock.now()
	var del secretsmanager.DeleteSecretOutput
	h.must("DeleteSecret", obj{"SecretId": "gone"}, &del)
	if want := float64(now.Add(30*24*time.Hour).UnixMilli()) / 1000; del.DeletionDate != want || del.ARN != c.ARN {
		t.Fatalf("DeleteSecret = %+v, want DeletionDate %v", del, want)
	}
	var d secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": "gone"}, &d)
	if d.DeletedDate != float64(now.UnixMilli())/1000 {
		t.Fatalf("DescribeSecret DeletedDate = %v", d.DeletedDate)
	}
	h.wantErr("GetSecretValue", obj{"SecretId": "gone"}, "InvalidRequestException", markedDeleted)
	h.wantErr("PutSecretValue", obj{"SecretId": "gone", "SecretString": "x"}, "InvalidRequestException", markedDeleted)
	h.wantErr("UpdateSecret", obj{"SecretId": "gone", "Description": "x"}, "InvalidRequestException", markedDeleted)
	h.wantErr("TagResource", obj{"SecretId": "gone", "Tags": []obj{{"Key": "k", "Value": "v"}}}, "InvalidRequestException", markedDeleted)
	h.wantErr("DeleteSecret", obj{"SecretId": "gone"}, "InvalidRequestException", markedDeleted)
	h.wantErr("CreateSecret", obj{"Name": "gone", "SecretString": "x"}, "InvalidRequestException",
		"You can't create this secret because a secret with this name is already scheduled for deletion.")
	var l secretsmanager.ListSecretsOutput
	h.must("ListSecrets", obj{}, &l)
	if len(l.SecretList) != 0 {
		t.Fatalf("ListSecrets shows a deleted secret: %+v", l)
	}
	h.must("ListSecrets", obj{"IncludePlannedDeletion": true}, &l)
	if len(l.SecretList) != 1 || l.SecretList[0].DeletedDate == 0 {
		t.Fatalf("ListSecrets IncludePlannedDeletion = %+v", l)
	}

	var r secretsmanager.SecretRef
	h.must("RestoreSecret", obj{"SecretId": c.ARN}, &r)
	if r.ARN != c.ARN || r.Name != "gone" {
		t.Fatalf("RestoreSecret = %+v", r)
	}
	if v, _, _ := h.get(obj{"SecretId": "gone"}); v != "v" {
		t.Fatalf("value after restore = %q", v)
	}
	h.must("RestoreSecret", obj{"SecretId": "gone"}, nil) // not scheduled: a no-op
	h.wantErr("RestoreSecret", obj{"SecretId": "never"}, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

func TestRecoveryWindowExpires(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "short", "SecretString": "v"}, &c)
	h.must("DeleteSecret", obj{"SecretId": "short", "RecoveryWindowInDays": 7}, nil)
	h.Clock.add(7*24*time.Hour - time.Second)
	h.must("DescribeSecret", obj{"SecretId": "short"}, nil)
	h.Clock.add(time.Second)
	h.wantErr("DescribeSecret", obj{"SecretId": "short"}, "ResourceNotFoundException", "")
	h.wantErr("RestoreSecret", obj{"SecretId": "short"}, "ResourceNotFoundException", "")
	var again secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "short", "SecretString": "new"}, &again)
	if again.ARN == c.ARN {
		t.Fatalf("a recreated secret reuses the ARN %s", c.ARN)
	}
	// The old ARN does not address the new secret.
	h.wantErr("GetSecretValue", obj{"SecretId": c.ARN}, "ResourceNotFoundException", "")
}

func TestDeleteValidationAndForce(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "f", "SecretString": "v"}, &c)
	for _, days := range []int{0, 6, 31} {
		h.wantErr("DeleteSecret", obj{"SecretId": "f", "RecoveryWindowInDays": days}, "InvalidParameterException",
			"The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
	}
	h.wantErr("DeleteSecret", obj{"SecretId": "f", "RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": true}, "InvalidParameterException",
		"You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
	h.must("GetSecretValue", obj{"SecretId": "f"}, nil) // the refused calls changed nothing
	var del secretsmanager.DeleteSecretOutput
	h.must("DeleteSecret", obj{"SecretId": c.ARN, "ForceDeleteWithoutRecovery": true}, &del)
	if del.DeletionDate != float64(h.Clock.now().UnixMilli())/1000 {
		t.Fatalf("forced DeletionDate = %v", del.DeletionDate)
	}
	h.wantErr("GetSecretValue", obj{"SecretId": "f"}, "ResourceNotFoundException", "")
	h.wantErr("RestoreSecret", obj{"SecretId": "f"}, "ResourceNotFoundException", "")
	h.wantErr("DeleteSecret", obj{"SecretId": "f", "ForceDeleteWithoutRecovery": true}, "ResourceNotFoundException", "")
	h.must("CreateSecret", obj{"Name": "f", "SecretString": "again"}, nil)

	// A secret scheduled for deletion can still be force-deleted.
	h.must("DeleteSecret", obj{"SecretId": "f"}, nil)
	h.must("DeleteSecret", obj{"SecretId": "f", "ForceDeleteWithoutRecovery": true}, nil)
	h.wantErr("DescribeSecret", obj{"SecretId": "f"}, "ResourceNotFoundException", "")
}

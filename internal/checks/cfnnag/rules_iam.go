package cfnnag

import "strings"

// IAM resource types the IAM rules read.
const (
	typeRole          = "AWS::IAM::Role"
	typePolicy        = "AWS::IAM::Policy"
	typeManagedPolicy = "AWS::IAM::ManagedPolicy"
)

// permissionDocs returns a resource's permission policy documents: a
// role's inline Policies, a policy's PolicyDocument.
func permissionDocs(r *Resource) []*Value {
	if r.Type != typeRole {
		if d := r.Prop("PolicyDocument"); d != nil {
			return []*Value{d}
		}
		return nil
	}
	var docs []*Value
	if pols := r.Prop("Policies"); pols != nil && pols.Kind == List {
		for _, p := range pols.Items {
			if d := p.Get("PolicyDocument"); d != nil {
				docs = append(docs, d)
			}
		}
	}
	return docs
}

// trustDocs returns a role's trust policy.
func trustDocs(r *Resource) []*Value {
	if d := r.Prop("AssumeRolePolicyDocument"); d != nil {
		return []*Value{d}
	}
	return nil
}

// anyStatement builds a resource predicate: some statement of the
// documents satisfies pred.
func anyStatement(docs func(*Resource) []*Value, pred func(Statement) bool) func(*Resource) bool {
	return func(r *Resource) bool {
		for _, d := range docs(r) {
			for _, s := range Statements(d) {
				if pred(s) {
					return true
				}
			}
		}
		return false
	}
}

func allowsWildcardAction(s Statement) bool { return s.Allows() && len(s.WildcardActions()) > 0 }
func allowsNotAction(s Statement) bool      { return s.Allows() && s.HasNotAction }
func allowsNotResource(s Statement) bool    { return s.Allows() && s.HasNotResource }
func allowsNotPrincipal(s Statement) bool   { return s.Allows() && s.HasNotPrincipal }
func allowsSensitiveOnAny(s Statement) bool { return s.GrantsSensitiveOnAnyResource() }
func allowsPassRoleOnAny(s Statement) bool {
	return s.Allows() && s.Grants("iam:PassRole") && s.HasWildcardResource()
}

// elevatedPolicies are AWS managed policies cfn_nag W43 flags on a role.
var elevatedPolicies = []string{
	"arn:aws:iam::aws:policy/AdministratorAccess",
	"arn:aws:iam::aws:policy/PowerUserAccess",
	"arn:aws:iam::aws:policy/IAMFullAccess",
}

func hasElevatedManagedPolicy(r *Resource) bool {
	for _, s := range r.Prop("ManagedPolicyArns").AllStrings() {
		for _, p := range elevatedPolicies {
			// Partition-neutral: arn:${AWS::Partition}:iam::aws:policy/... too.
			if strings.Contains(s, p) || strings.HasSuffix(s, strings.TrimPrefix(p, "arn:aws")) {
				return true
			}
		}
	}
	return false
}

func iamRule(id string, sev Severity, msg, typ string, docs func(*Resource) []*Value, pred func(Statement) bool) Rule {
	return Rule{ID: id, Severity: sev, Message: msg, Element: ElementResource,
		check: perResource(anyStatement(docs, pred), typ)}
}

// iamRules are cfn_nag's IAM rules, with its ids and texts.
var iamRules = []Rule{
	iamRule("F2", Failure, "IAM role should not allow * action on its trust policy", typeRole, trustDocs, allowsWildcardAction),
	iamRule("F3", Failure, "IAM role should not allow * action on its permissions policy", typeRole, permissionDocs, allowsWildcardAction),
	iamRule("F4", Failure, "IAM policy should not allow * action", typePolicy, permissionDocs, allowsWildcardAction),
	iamRule("F5", Failure, "IAM managed policy should not allow * action", typeManagedPolicy, permissionDocs, allowsWildcardAction),
	iamRule("F6", Failure, "IAM role should not allow Allow+NotPrincipal in its trust policy", typeRole, trustDocs, allowsNotPrincipal),
	iamRule("F38", Failure, "IAM role should not allow * resource with PassRole action on its permissions policy", typeRole, permissionDocs, allowsPassRoleOnAny),
	iamRule("F39", Failure, "IAM policy should not allow * resource with PassRole action", typePolicy, permissionDocs, allowsPassRoleOnAny),
	iamRule("F40", Failure, "IAM managed policy should not allow a * resource with PassRole action", typeManagedPolicy, permissionDocs, allowsPassRoleOnAny),
	iamRule("W11", Warning, "IAM role should not allow * resource on its permissions policy", typeRole, permissionDocs, allowsSensitiveOnAny),
	iamRule("W12", Warning, "IAM policy should not allow * resource", typePolicy, permissionDocs, allowsSensitiveOnAny),
	iamRule("W13", Warning, "IAM managed policy should not allow * resource", typeManagedPolicy, permissionDocs, allowsSensitiveOnAny),
	iamRule("W14", Warning, "IAM role should not allow Allow+NotAction on trust permissions", typeRole, trustDocs, allowsNotAction),
	iamRule("W15", Warning, "IAM role should not allow Allow+NotAction", typeRole, permissionDocs, allowsNotAction),
	iamRule("W16", Warning, "IAM policy should not allow Allow+NotAction", typePolicy, permissionDocs, allowsNotAction),
	iamRule("W17", Warning, "IAM managed policy should not allow Allow+NotAction", typeManagedPolicy, permissionDocs, allowsNotAction),
	iamRule("W21", Warning, "IAM role should not allow Allow+NotResource", typeRole, permissionDocs, allowsNotResource),
	iamRule("W22", Warning, "IAM policy should not allow Allow+NotResource", typePolicy, permissionDocs, allowsNotResource),
	iamRule("W23", Warning, "IAM managed policy should not allow Allow+NotResource", typeManagedPolicy, permissionDocs, allowsNotResource),
	{ID: "W43", Severity: Warning, Message: "IAM role should not have Elevated Managed policy", Element: ElementResource,
		check: perResource(hasElevatedManagedPolicy, typeRole)},
}

package policy

import (
	"fmt"
	"sort"
	"strings"
)

// IAM's checks on Resource/NotResource values in identity policies. IAM
// reports the first problem it meets in this order: a value that fails its
// "legacy parsing" wins over a format message, which is only reported after
// the Sid and Action checks.

var partitions = map[string]bool{
	"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": true,
	"aws-iso-b": true, "aws-iso-e": true, "aws-iso-f": true, "aws-eusc": true,
}

var iamResourcePrefixes = []string{
	"user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
	"server-certificate/", "policy/", "sms-mfa/", "saml-provider/",
	"oidc-provider/", "report/", "access-report/",
}

// resourceChecks holds the outcome of checking every resource of a document.
type resourceChecks struct {
	formatErr string // reported after the Sid and Action checks
	legacy    bool   // a value failed legacy parsing
}

// checkResources walks Resource then NotResource of every statement the way
// IAM does: within a list the values are visited in descending order and a
// later format message replaces an earlier one; legacy parsing is only
// attempted while no format message has been recorded.
func checkResources(drafts []*draft) resourceChecks {
	var rc resourceChecks
	for _, key := range []string{"Resource", "NotResource"} {
		for _, d := range drafts {
			list, ok := d.lists[key]
			if !ok {
				continue
			}
			sorted := append([]string(nil), list...)
			sort.Sort(sort.Reverse(sort.StringSlice(sorted)))
			for _, r := range sorted {
				if msg := resourceFormatError(r); msg != "" {
					rc.formatErr = msg
				}
			}
			if rc.formatErr == "" {
				for _, r := range list {
					if !legacyResourceOK(r) {
						rc.legacy = true
					}
				}
			}
		}
	}
	return rc
}

// legacyResourceOK is IAM's legacy check: a value with an empty component
// ("::") needs all six components, and the service must be present.
func legacyResourceOK(r string) bool {
	if r == "*" {
		return true
	}
	if strings.Count(r, ":") < 5 && strings.Contains(r, "::") {
		return false
	}
	parts := strings.SplitN(r, ":", 4)
	return len(parts) >= 3 && parts[2] != ""
}

// resourceFormatError returns IAM's message for a malformed resource, or "".
func resourceFormatError(r string) string {
	if r == "*" {
		return ""
	}
	_, rest, ok := strings.Cut(r, ":")
	if !ok {
		return fmt.Sprintf(msgResourceARN, r)
	}
	partition, afterPartition, hasSep := strings.Cut(rest, ":")
	if partition != "*" && !partitions[partition] {
		return partitionError(partition, afterPartition)
	}
	if !hasSep {
		return msgResourceVendor
	}
	service, afterService, _ := strings.Cut(afterPartition, ":")
	_, afterRegion, _ := strings.Cut(afterService, ":")
	_, resourceID, _ := strings.Cut(afterRegion, ":")
	hasRegion := afterService != "" && !strings.HasPrefix(afterService, ":")
	switch {
	case service == "iam" && hasRegion:
		return fmt.Sprintf(msgIAMRegion, r)
	case service == "s3" && hasRegion && !strings.HasPrefix(resourceID, "accesspoint/"):
		return fmt.Sprintf(msgS3Region, r)
	}
	if service == "iam" && resourceID != "*" && !hasAnyPrefix(resourceID, iamResourcePrefixes) {
		return msgIAMPath
	}
	return ""
}

// partitionError renders IAM's message, which spells the resource out with
// "*" for the components it could not find.
func partitionError(partition, rest string) string {
	parts := strings.Split(rest, ":")
	comp := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return "*"
	}
	first := comp(0)
	if first == "" && len(parts) == 1 {
		first = "*"
	}
	last := "*"
	if len(parts) > 3 {
		last = strings.Join(parts[3:], ":")
	}
	return fmt.Sprintf(msgPartition, partition, partition, first, comp(1), comp(2), last)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

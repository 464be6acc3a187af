package apprunner

import (
	"fmt"
	"strconv"
	"strings"
)

// Default instance size, as App Runner reports it.
const (
	defaultCPU    = "1024"
	defaultMemory = "2048"
)

// cpuUnits turns App Runner's Cpu ("1 vCPU", "0.25 vCPU" or units
// "1024") into CPU units; ok is false for a value App Runner rejects.
func cpuUnits(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutSuffix(s, " vCPU"); ok {
		switch v {
		case "0.25":
			return 256, true
		case "0.5":
			return 512, true
		case "1":
			return 1024, true
		case "2":
			return 2048, true
		case "4":
			return 4096, true
		}
		return 0, false
	}
	switch s {
	case "256", "512", "1024", "2048", "4096":
		n, _ := strconv.Atoi(s)
		return n, true
	}
	return 0, false
}

// memoryMB turns App Runner's Memory ("2 GB", "0.5 GB" or MB "2048") into
// megabytes; ok is false for a value App Runner rejects.
func memoryMB(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutSuffix(s, " GB"); ok {
		if v == "0.5" {
			return 512, true
		}
		switch v {
		case "1", "2", "3", "4", "6", "8", "10", "12":
			n, _ := strconv.Atoi(v)
			return n * 1024, true
		}
		return 0, false
	}
	switch s {
	case "512", "1024", "2048", "3072", "4096", "6144", "8192", "10240", "12288":
		n, _ := strconv.Atoi(s)
		return n, true
	}
	return 0, false
}

// memoryChoices lists the memory sizes App Runner allows with each CPU size.
var memoryChoices = map[int][]int{
	256:  {512, 1024},
	512:  {1024},
	1024: {2048, 3072, 4096},
	2048: {4096, 6144},
	4096: {8192, 10240, 12288},
}

// normalizeInstance validates an InstanceConfiguration and returns it with
// Cpu and Memory in App Runner's canonical units ("1024", "2048"), the
// form DescribeService reports.
func normalizeInstance(in *InstanceConfiguration, prev InstanceConfiguration) (InstanceConfiguration, error) {
	out := prev
	if out.CPU == "" {
		out.CPU = defaultCPU
	}
	if out.Memory == "" {
		out.Memory = defaultMemory
	}
	if in != nil {
		if in.CPU != "" {
			out.CPU = in.CPU
		}
		if in.Memory != "" {
			out.Memory = in.Memory
		}
		out.InstanceRoleARN = in.InstanceRoleARN
	}
	cpu, ok := cpuUnits(out.CPU)
	if !ok {
		return out, invalid("Cpu %q is not valid: use 0.25, 0.5, 1, 2 or 4 vCPU (or 256, 512, 1024, 2048, 4096).", out.CPU)
	}
	mem, ok := memoryMB(out.Memory)
	if !ok {
		return out, invalid("Memory %q is not valid: use 0.5, 1, 2, 3, 4, 6, 8, 10 or 12 GB (or the size in MB).", out.Memory)
	}
	allowed := false
	for _, m := range memoryChoices[cpu] {
		allowed = allowed || m == mem
	}
	if !allowed {
		return out, invalid("The combination of Cpu %s and Memory %s is not supported.", out.CPU, out.Memory)
	}
	if out.InstanceRoleARN != "" && !roleARN(out.InstanceRoleARN) {
		return out, invalid("InstanceRoleArn %q is not a role ARN.", out.InstanceRoleARN)
	}
	out.CPU, out.Memory = strconv.Itoa(cpu), strconv.Itoa(mem)
	return out, nil
}

// memoryLimit is the memory limit of an instance, in bytes.
func memoryLimit(c InstanceConfiguration) int64 {
	mb, ok := memoryMB(c.Memory)
	if !ok {
		return 0
	}
	return int64(mb) << 20
}

// roleARN reports whether s looks like an IAM role ARN.
func roleARN(s string) bool {
	rest, ok := strings.CutPrefix(s, "arn:aws:iam::")
	if !ok || len(rest) < 13 || rest[12] != ':' {
		return false
	}
	return strings.HasPrefix(rest[13:], "role/")
}

// port parses a Port member; empty is the default.
func parsePort(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("port %q is not a port number", s)
	}
	return p, nil
}

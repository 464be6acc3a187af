package cost

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// CPU is an App Runner instance's vCPU in CPU units: 1024 units are 1 vCPU.
type CPU int

// Memory is an App Runner instance's memory in MB (1024 MB are 1 GB, as App
// Runner counts).
type Memory int

// Instance sizes App Runner uses when InstanceConfiguration leaves them out.
const (
	DefaultCPU    CPU    = 1024
	DefaultMemory Memory = 2048
)

// cpuForms maps every Cpu value App Runner accepts to its units. The API's
// pattern is "256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU", matched exactly.
var cpuForms = map[string]CPU{
	"256": 256, "512": 512, "1024": 1024, "2048": 2048, "4096": 4096,
	"0.25 vCPU": 256, "0.5 vCPU": 512, "1 vCPU": 1024, "2 vCPU": 2048, "4 vCPU": 4096,
}

// memoryForms maps every Memory value App Runner accepts to MB. The API's
// pattern is "512|1024|...|12288|(0.5|1|2|3|4|6|8|10|12) GB".
var memoryForms = map[string]Memory{
	"512": 512, "1024": 1024, "2048": 2048, "3072": 3072, "4096": 4096,
	"6144": 6144, "8192": 8192, "10240": 10240, "12288": 12288,
	"0.5 GB": 512, "1 GB": 1024, "2 GB": 2048, "3 GB": 3072, "4 GB": 4096,
	"6 GB": 6144, "8 GB": 8192, "10 GB": 10240, "12 GB": 12288,
}

// validMemory lists, per CPU, the memory sizes App Runner combines it with.
var validMemory = map[CPU][]Memory{
	256:  {512, 1024},
	512:  {1024},
	1024: {2048, 3072, 4096},
	2048: {4096, 6144},
	4096: {8192, 10240, 12288},
}

// ParseCPU reads an InstanceConfiguration Cpu value in any form App Runner
// accepts ("1 vCPU", "0.25 vCPU", "1024"); a template may also give the
// number unquoted. Anything else wraps ErrInstanceSize.
func ParseCPU(v any) (CPU, error) {
	c, err := parseCPU(v)
	if err != nil {
		return 0, fmt.Errorf("cost: parse %w", err)
	}
	return c, nil
}

// parseCPU is ParseCPU with an error message without the package prefix,
// for callers that add their own.
func parseCPU(v any) (CPU, error) {
	s, err := scalar(v)
	if err == nil {
		if c, ok := cpuForms[s]; ok {
			return c, nil
		}
	}
	return 0, fmt.Errorf("instance Cpu %s: %w: App Runner accepts 0.25, 0.5, 1, 2 or 4 vCPU (\"1 vCPU\" or \"1024\")",
		describe(v), ErrInstanceSize)
}

// ParseMemory reads an InstanceConfiguration Memory value in any form App
// Runner accepts ("2 GB", "0.5 GB", "2048"). Anything else wraps
// ErrInstanceSize.
func ParseMemory(v any) (Memory, error) {
	m, err := parseMemory(v)
	if err != nil {
		return 0, fmt.Errorf("cost: parse %w", err)
	}
	return m, nil
}

// parseMemory is ParseMemory without the package prefix.
func parseMemory(v any) (Memory, error) {
	s, err := scalar(v)
	if err == nil {
		if m, ok := memoryForms[s]; ok {
			return m, nil
		}
	}
	return 0, fmt.Errorf("instance Memory %s: %w: App Runner accepts 0.5, 1, 2, 3, 4, 6, 8, 10 or 12 GB (\"2 GB\" or \"2048\")",
		describe(v), ErrInstanceSize)
}

// CheckSize reports whether App Runner offers this CPU and memory together
// (1 vCPU comes with 2, 3 or 4 GB, say); the error lists what it offers.
func CheckSize(c CPU, m Memory) error {
	if err := checkSize(c, m); err != nil {
		return fmt.Errorf("cost: check size: %w", err)
	}
	return nil
}

// checkSize is CheckSize without the package prefix.
func checkSize(c CPU, m Memory) error {
	valid, ok := validMemory[c]
	if !ok {
		return fmt.Errorf("%s: %w", c, ErrInstanceSize)
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		if v == m {
			return nil
		}
		names[i] = v.String()
	}
	return fmt.Errorf("%s with %s: %w: App Runner offers %s only with %s",
		c, m, ErrInstanceSize, c, strings.Join(names, " or "))
}

// VCPU returns the size in vCPU.
func (c CPU) VCPU() float64 { return float64(c) / 1024 }

// String returns the size as App Runner's console shows it ("0.25 vCPU").
func (c CPU) String() string { return formatUnits(c.VCPU()) + " vCPU" }

// GB returns the size in GB.
func (m Memory) GB() float64 { return float64(m) / 1024 }

// String returns the size as App Runner's console shows it ("0.5 GB").
func (m Memory) String() string { return formatUnits(m.GB()) + " GB" }

func formatUnits(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// scalar turns a resolved template value that may be a string or a number
// into its text.
func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	return "", fmt.Errorf("cost: value of type %T is not a scalar", v)
}

// describe quotes a value for an error message, bounded in length so a
// hostile template cannot flood the terminal.
func describe(v any) string {
	s, err := scalar(v)
	if err != nil {
		return fmt.Sprintf("of type %T", v)
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

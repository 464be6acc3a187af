package cost

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

func TestParseCPU(t *testing.T) {
	cases := []struct {
		in   any
		want CPU // 0: rejected
	}{
		{"0.25 vCPU", 256}, {"0.5 vCPU", 512}, {"1 vCPU", 1024}, {"2 vCPU", 2048}, {"4 vCPU", 4096},
		{"256", 256}, {"512", 512}, {"1024", 1024}, {"2048", 2048}, {"4096", 4096},
		{json.Number("1024"), 1024}, {1024, 1024}, {int64(2048), 2048}, {float64(4096), 4096},
		{"1vCPU", 0}, {"1 vcpu", 0}, {"1.0 vCPU", 0}, {"3 vCPU", 0}, {"8 vCPU", 0}, {" 1 vCPU", 0},
		{"1024 ", 0}, {"1", 0}, {"1000", 0}, {"", 0}, {"1 GB", 0}, {nil, 0}, {true, 0},
		{map[string]any{"Ref": "Cpu"}, 0}, {json.Number("1"), 0},
	}
	for _, c := range cases {
		got, err := ParseCPU(c.in)
		if c.want == 0 {
			if !errors.Is(err, ErrInstanceSize) {
				t.Errorf("ParseCPU(%#v) = %v, %v; want ErrInstanceSize", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseCPU(%#v) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseMemory(t *testing.T) {
	cases := []struct {
		in   any
		want Memory // 0: rejected
	}{
		{"0.5 GB", 512}, {"1 GB", 1024}, {"2 GB", 2048}, {"3 GB", 3072}, {"4 GB", 4096},
		{"6 GB", 6144}, {"8 GB", 8192}, {"10 GB", 10240}, {"12 GB", 12288},
		{"512", 512}, {"1024", 1024}, {"2048", 2048}, {"3072", 3072}, {"4096", 4096},
		{"6144", 6144}, {"8192", 8192}, {"10240", 10240}, {"12288", 12288},
		{json.Number("2048"), 2048}, {3072, 3072},
		{"2GB", 0}, {"2 gb", 0}, {"2 GiB", 0}, {"5 GB", 0}, {"16 GB", 0}, {"2000", 0},
		{"2", 0}, {"", 0}, {"1 vCPU", 0}, {nil, 0}, {[]any{"2 GB"}, 0},
	}
	for _, c := range cases {
		got, err := ParseMemory(c.in)
		if c.want == 0 {
			if !errors.Is(err, ErrInstanceSize) {
				t.Errorf("ParseMemory(%#v) = %v, %v; want ErrInstanceSize", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseMemory(%#v) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestCheckSize(t *testing.T) {
	cases := []struct {
		cpu CPU
		mem Memory
		ok  bool
	}{
		{256, 512, true}, {256, 1024, true}, {512, 1024, true},
		{1024, 2048, true}, {1024, 3072, true}, {1024, 4096, true},
		{2048, 4096, true}, {2048, 6144, true},
		{4096, 8192, true}, {4096, 10240, true}, {4096, 12288, true},
		{256, 2048, false}, {512, 512, false}, {1024, 1024, false}, {2048, 8192, false},
		{4096, 4096, false}, {1000, 2048, false},
	}
	for _, c := range cases {
		err := CheckSize(c.cpu, c.mem)
		if (err == nil) != c.ok || err != nil && !errors.Is(err, ErrInstanceSize) {
			t.Errorf("CheckSize(%v, %v) = %v, want ok=%v", c.cpu, c.mem, err, c.ok)
		}
	}
}

func TestSizeStrings(t *testing.T) {
	for in, want := range map[string]string{"256": "0.25 vCPU", "4 vCPU": "4 vCPU"} {
		c, _ := ParseCPU(in)
		if c.String() != want {
			t.Errorf("CPU %s prints %q, want %q", in, c, want)
		}
	}
	for in, want := range map[string]string{"512": "0.5 GB", "12288": "12 GB"} {
		m, _ := ParseMemory(in)
		if m.String() != want {
			t.Errorf("Memory %s prints %q, want %q", in, m, want)
		}
	}
}

// FuzzParseSize checks that the Cpu and Memory parsers never panic and that
// whatever they accept prints back, in either form, to the same size.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1 vCPU", "0.25 vCPU", "1024", "2 GB", "0.5 GB", "2048", "", "1vCPU", "12 GB", "\x00", "4096"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := ParseCPU(s); err == nil {
			for _, again := range []string{c.String(), strconv.Itoa(int(c))} {
				if c2, err := ParseCPU(again); err != nil || c2 != c {
					t.Fatalf("CPU %q → %v → %q → %v, %v", s, c, again, c2, err)
				}
			}
		} else if !errors.Is(err, ErrInstanceSize) {
			t.Fatalf("ParseCPU(%q) error %v does not wrap ErrInstanceSize", s, err)
		}
		if m, err := ParseMemory(s); err == nil {
			for _, again := range []string{m.String(), strconv.Itoa(int(m))} {
				if m2, err := ParseMemory(again); err != nil || m2 != m {
					t.Fatalf("Memory %q → %v → %q → %v, %v", s, m, again, m2, err)
				}
			}
		} else if !errors.Is(err, ErrInstanceSize) {
			t.Fatalf("ParseMemory(%q) error %v does not wrap ErrInstanceSize", s, err)
		}
	})
}

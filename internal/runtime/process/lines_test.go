package process

import (
	"fmt"
	"strings"
	"testing"
)

func collect(t *testing.T, in string, max int) []string {
	t.Helper()
	var got []string
	if err := readLines(strings.NewReader(in), max, func(l string) { got = append(got, l) }); err != nil {
		t.Fatalf("readLines(%q): %v", in, err)
	}
	return got
}

func TestReadLines(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want []string
	}{
		{"", 64, nil},
		{"a\nb\n", 64, []string{"a", "b"}},
		{"a\r\nb", 64, []string{"a", "b"}},
		{"\n\n", 64, []string{"", ""}},
		{"no newline", 64, []string{"no newline"}},
		{strings.Repeat("x", 40) + "\nend\n", 16, []string{strings.Repeat("x", 16), strings.Repeat("x", 16), strings.Repeat("x", 8), "end"}},
		{"bad \xff byte\n", 64, []string{"bad \uFFFD byte"}},
	}
	for _, c := range cases {
		got := collect(t, c.in, c.max)
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) {
			t.Errorf("readLines(%q, %d) = %q; want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestTail(t *testing.T) {
	tl := tail{n: 3}
	for i := range 10 {
		tl.add(fmt.Sprint(i))
	}
	if got := strings.Join(tl.get(), ","); got != "7,8,9" {
		t.Errorf("tail = %s; want 7,8,9", got)
	}
	tl.add(strings.Repeat("y", 2000))
	if l := tl.get()[2]; len(l) > 520 || !strings.HasSuffix(l, "…") {
		t.Errorf("long line kept as %d bytes", len(l))
	}
}

// FuzzReadLines checks that no delivered line exceeds the bound, that every
// line is valid UTF-8, and that no byte is lost or invented apart from line
// terminators and invalid UTF-8.
func FuzzReadLines(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\r\n\r\n", strings.Repeat("z", 100), "\xff\xfe\n"} {
		f.Add(s, 16)
	}
	f.Fuzz(func(t *testing.T, in string, max int) {
		if max < 16 || max > 4096 {
			max = 16 + (max&0x7fffffff)%4080
		}
		var total int
		err := readLines(strings.NewReader(in), max, func(l string) {
			if len(l) > max*3 { // UTF-8 replacement can grow an invalid byte to 3
				t.Fatalf("line of %d bytes > bound %d", len(l), max)
			}
			if !strings.Contains(in, "\r") && !strings.Contains(l, "\uFFFD") && !strings.Contains(in, l) {
				t.Fatalf("line %q not in input", l)
			}
			total += len(l)
		})
		if err != nil {
			t.Fatal(err)
		}
		if valid := strings.ToValidUTF8(in, ""); strings.ToValidUTF8(in, "") == in && total > len(valid) {
			t.Fatalf("delivered %d bytes from %d", total, len(in))
		}
	})
}

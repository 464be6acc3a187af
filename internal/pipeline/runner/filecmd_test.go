package runner

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseFileCommand(t *testing.T) {
	tests := []struct {
		name, in string
		want     []KeyValue
		err      bool
	}{
		{"empty", "", nil, false},
		{"plain", "a=1\nb=two words\n", []KeyValue{{"a", "1"}, {"b", "two words"}}, false},
		{"value with equals", "a=b=c\n", []KeyValue{{"a", "b=c"}}, false},
		{"empty value", "a=\n", []KeyValue{{"a", ""}}, false},
		{"blank lines skipped", "\n\na=1\n\n", []KeyValue{{"a", "1"}}, false},
		{"crlf", "a=1\r\nb=2\r\n", []KeyValue{{"a", "1"}, {"b", "2"}}, false},
		{"heredoc", "m<<EOF\nl1\nl2\nEOF\n", []KeyValue{{"m", "l1\nl2"}}, false},
		{"heredoc empty", "m<<EOF\nEOF\n", []KeyValue{{"m", ""}}, false},
		{"heredoc keeps equals", "m<<X\na=b\nX\nn=1\n", []KeyValue{{"m", "a=b"}, {"n", "1"}}, false},
		{"equals before heredoc marker", "a=x<<y\n", []KeyValue{{"a", "x<<y"}}, false},
		{"heredoc marker before equals", "a<<E=\nv\nE=\n", []KeyValue{{"a", "v"}}, false},
		{"no final newline", "a=1", []KeyValue{{"a", "1"}}, false},
		{"missing delimiter", "m<<EOF\nl1\n", nil, true},
		{"empty name", "=1\n", nil, true},
		{"empty heredoc name", "<<EOF\nx\nEOF\n", nil, true},
		{"empty delimiter", "m<<\nx\n", nil, true},
		{"no separator", "garbage\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFileCommand(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if err != nil && !errors.Is(err, ErrFileCommand) {
				t.Fatalf("error %v does not wrap ErrFileCommand", err)
			}
			if !tt.err && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParsePathFile(t *testing.T) {
	got := ParsePathFile("/a\n\n  \n/b c\r\n")
	if !reflect.DeepEqual(got, []string{"/a", "/b c"}) {
		t.Fatalf("got %q", got)
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want Command
	}{
		{"plain output", false, Command{}},
		{"::add-mask::secret", true, Command{Name: "add-mask", Message: "secret"}},
		{"  ::warning::indented", true, Command{Name: "warning", Message: "indented"}},
		{"::set-output name=x::v", true, Command{Name: "set-output", Properties: map[string]string{"name": "x"}, Message: "v"}},
		{"::error file=a%2Cb.go,line=3,col=1::msg%0Anext%25", true, Command{Name: "error", Properties: map[string]string{"file": "a,b.go", "line": "3", "col": "1"}, Message: "msg\nnext%"}},
		{"::endgroup::", true, Command{Name: "endgroup"}},
		{"::notclosed", false, Command{}},
		{":: ::x", false, Command{}},
		{"::debug k::m", true, Command{Name: "debug", Message: "m"}},
		{"::x a=%3A::", true, Command{Name: "x", Properties: map[string]string{"a": ":"}}},
	}
	for _, tt := range tests {
		got, ok := ParseCommand(tt.in)
		if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("ParseCommand(%q) = %#v, %v; want %#v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMasker(t *testing.T) {
	m := NewMasker("abc", "abcdef", "", " ", "multi\nline")
	tests := map[string]string{
		"x abcdef y": "x *** y",
		"abc abc":    "*** ***",
		"line only":  "*** only",
		"multi":      "***",
		"nothing":    "nothing",
		"  spaces  ": "  spaces  ",
	}
	for in, want := range tests {
		if got := m.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
	if !m.Contains("zabcz") || m.Contains("zz") {
		t.Fatal("Contains")
	}
}

func FuzzParseFileCommand(f *testing.F) {
	for _, s := range []string{"a=1\n", "m<<EOF\nx\nEOF\n", "<<\n", "=\n", "a<<b=c\n", "\r\n\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kvs, err := ParseFileCommand(s)
		if err != nil {
			if !errors.Is(err, ErrFileCommand) {
				t.Fatalf("error %v does not wrap ErrFileCommand", err)
			}
			return
		}
		for _, kv := range kvs {
			if kv.Name == "" {
				t.Fatalf("empty name from %q", s)
			}
		}
	})
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"::add-mask::x", "::error file=a,line=1::m", "::::", ":: a=b::", "::x %0A::%25"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCommand(s)
		if ok && c.Name == "" {
			t.Fatalf("command without a name from %q", s)
		}
	})
}

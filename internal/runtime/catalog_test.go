package runtime

import (
	"errors"
	"testing"
)

func TestLookupRuntime(t *testing.T) {
	cases := []struct {
		name    string
		family  Family
		version string
	}{
		{"GO_1", FamilyGo, "1"},
		{"PYTHON_3", FamilyPython, "3"},
		{"PYTHON_311", FamilyPython, "3.11"},
		{"NODEJS_16", FamilyNode, "16"},
		{"NODEJS_18", FamilyNode, "18"},
		{"NODEJS_22", FamilyNode, "22"},
		{"CORRETTO_11", FamilyJava, "11"},
		{"DOTNET_6", FamilyDotnet, "6"},
		{"PHP_81", FamilyPHP, "8.1"},
		{"RUBY_31", FamilyRuby, "3.1"},
	}
	for _, c := range cases {
		info, err := LookupRuntime(c.name)
		if err != nil || info.Family != c.family || info.Version != c.version || info.Name != c.name {
			t.Errorf("LookupRuntime(%q) = %+v, %v", c.name, info, err)
		}
	}
	for _, bad := range []string{"", "python_3", "GO_2", "NODEJS_20"} {
		if _, err := LookupRuntime(bad); !errors.Is(err, ErrUnsupportedRuntime) {
			t.Errorf("LookupRuntime(%q) err = %v; want ErrUnsupportedRuntime", bad, err)
		}
	}
	if n := len(RuntimeNames()); n != 13 {
		t.Errorf("RuntimeNames() has %d names; the App Runner enum has 13", n)
	}
}

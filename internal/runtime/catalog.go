package runtime

import (
	"fmt"
	"sort"
)

// Family groups App Runner runtimes that a backend prepares the same way
// (one toolchain, one package cache, one environment recipe).
type Family string

// The runtime families of App Runner's Runtime enum.
const (
	FamilyGo     Family = "go"
	FamilyPython Family = "python"
	FamilyNode   Family = "node"
	FamilyJava   Family = "java"
	FamilyDotnet Family = "dotnet"
	FamilyPHP    Family = "php"
	FamilyRuby   Family = "ruby"
)

// RuntimeInfo describes one App Runner runtime name.
type RuntimeInfo struct {
	// Name is the App Runner enum value (PYTHON_311).
	Name string
	// Family says how to prepare it.
	Family Family
	// Version is the language version App Runner promises ("3.11", "18",
	// "1" for Go); backends use it to warn when the host differs.
	Version string
}

// runtimes mirrors the Runtime enum of the App Runner API model
// (botocore apprunner service-2.json).
var runtimes = map[string]RuntimeInfo{
	"PYTHON_3":    {"PYTHON_3", FamilyPython, "3"},
	"PYTHON_311":  {"PYTHON_311", FamilyPython, "3.11"},
	"NODEJS_12":   {"NODEJS_12", FamilyNode, "12"},
	"NODEJS_14":   {"NODEJS_14", FamilyNode, "14"},
	"NODEJS_16":   {"NODEJS_16", FamilyNode, "16"},
	"NODEJS_18":   {"NODEJS_18", FamilyNode, "18"},
	"NODEJS_22":   {"NODEJS_22", FamilyNode, "22"},
	"GO_1":        {"GO_1", FamilyGo, "1"},
	"CORRETTO_8":  {"CORRETTO_8", FamilyJava, "8"},
	"CORRETTO_11": {"CORRETTO_11", FamilyJava, "11"},
	"DOTNET_6":    {"DOTNET_6", FamilyDotnet, "6"},
	"PHP_81":      {"PHP_81", FamilyPHP, "8.1"},
	"RUBY_31":     {"RUBY_31", FamilyRuby, "3.1"},
}

// LookupRuntime returns the description of an App Runner runtime name. The
// match is exact, as in the AWS API; an unknown name wraps
// ErrUnsupportedRuntime.
func LookupRuntime(name string) (RuntimeInfo, error) {
	info, ok := runtimes[name]
	if !ok {
		return RuntimeInfo{}, fmt.Errorf("%w: %q (known: %v)", ErrUnsupportedRuntime, name, RuntimeNames())
	}
	return info, nil
}

// RuntimeNames lists the known runtime names, sorted.
func RuntimeNames() []string {
	names := make([]string, 0, len(runtimes))
	for n := range runtimes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

package ingress

import (
	"errors"
	"testing"
)

func TestNormalizeHost(t *testing.T) {
	cases := map[string]string{
		"app.localhost":          "app.localhost",
		"App.LocalHost":          "app.localhost",
		"app.localhost:8080":     "app.localhost",
		"app.localhost.":         "app.localhost",
		"APP.localhost.:443":     "app.localhost",
		"127.0.0.1:80":           "127.0.0.1",
		"[::1]:8443":             "::1",
		"[::1]":                  "::1",
		"::1":                    "::1",
		"":                       "",
		"x.us-east-1.apprunner.": "x.us-east-1.apprunner",
	}
	for in, want := range cases {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetRoutesValidation(t *testing.T) {
	in := New(Options{})
	b := NewBackend("127.0.0.1:1", BackendOptions{})
	if err := in.SetRoutes([]Route{{Host: "ok.localhost", Backends: []*Backend{b}}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		routes []Route
		want   error
	}{
		{"empty host", []Route{{Host: ""}}, ErrBadHost},
		{"host with path", []Route{{Host: "a/b"}}, ErrBadHost},
		{"host with space", []Route{{Host: "a b"}}, ErrBadHost},
		{"duplicate after normalizing", []Route{{Host: "a.localhost"}, {Host: "A.localhost:80"}}, ErrDuplicateHost},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := in.SetRoutes(tc.routes); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if _, ok := in.Table().Lookup("ok.localhost"); !ok {
				t.Fatal("a rejected table replaced the current one")
			}
		})
	}
	if err := in.SetRoute(Route{Host: " "}); !errors.Is(err, ErrBadHost) {
		t.Errorf("SetRoute bad host: %v", err)
	}
}

func TestSetRouteAndRemoveRoute(t *testing.T) {
	in := New(Options{})
	b1 := NewBackend("127.0.0.1:1", BackendOptions{})
	b2 := NewBackend("127.0.0.1:2", BackendOptions{})
	if err := in.SetRoute(Route{Host: "A.localhost", ServiceID: "a", Backends: []*Backend{b1, nil}}); err != nil {
		t.Fatal(err)
	}
	if err := in.SetRoute(Route{Host: "b.localhost", ServiceID: "b", Backends: []*Backend{b2}}); err != nil {
		t.Fatal(err)
	}
	if err := in.SetRoute(Route{Host: "a.localhost", ServiceID: "a", Backends: []*Backend{b2}}); err != nil {
		t.Fatal(err)
	}
	tbl := in.Table()
	if tbl.Len() != 2 {
		t.Fatalf("len %d", tbl.Len())
	}
	r, ok := tbl.Lookup("a.LOCALHOST:80")
	if !ok || len(r.Backends) != 1 || r.Backends[0] != b2 || r.Host != "a.localhost" {
		t.Fatalf("lookup a: %+v %v", r, ok)
	}
	routes := tbl.Routes()
	if routes[0].Host != "a.localhost" || routes[1].Host != "b.localhost" {
		t.Fatalf("routes not sorted: %+v", routes)
	}
	if !in.RemoveRoute("B.localhost") || in.RemoveRoute("b.localhost") {
		t.Fatal("RemoveRoute results wrong")
	}
	if _, ok := in.Table().Lookup("b.localhost"); ok {
		t.Fatal("b still routed")
	}
	if _, ok := tbl.Lookup("b.localhost"); !ok {
		t.Fatal("an old snapshot changed")
	}
}

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	srv := httptest.NewServer(routes())
	defer srv.Close()
	for _, c := range []struct {
		path, want string
		status     int
	}{
		{"/", "<h1>HOME PAGE</h1>", 200},
		{"/item/42", "<h1>Item ID: 42</h1>", 200},
		{"/item/%3Cb%3E", "<h1>Item ID: &lt;b&gt;</h1>", 200},
		{"/static/styles.css", "color: green;", 200},
		{"/nope", "404 page not found", 404},
	} {
		resp, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s = %d %q, want %d with %q", c.path, resp.StatusCode, body, c.status, c.want)
		}
	}
}

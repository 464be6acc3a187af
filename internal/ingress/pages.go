package ingress

import (
	"html"
	"net/http"
	"strconv"
)

// pageText is the user-facing wording per status. Pages name no internals
// (no backend address, no error text): the request id is the handle for
// finding the details in berth's logs.
var pageText = map[int]string{
	http.StatusBadRequest:            "The request could not be read.",
	http.StatusNotFound:              "No service is deployed at this address.",
	http.StatusRequestEntityTooLarge: "The request body is larger than this service accepts.",
	http.StatusTooManyRequests:       "The service is busy. Try again in a moment.",
	http.StatusBadGateway:            "The service could not answer this request.",
	http.StatusServiceUnavailable:    "The service has no instance ready to answer. Try again in a moment.",
	http.StatusGatewayTimeout:        "The service took too long to answer.",
}

// writePage answers with a small self-contained HTML error page.
func writePage(w http.ResponseWriter, status int, rid string) {
	msg, ok := pageText[status]
	if !ok {
		msg = "The request failed."
	}
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	page := `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>` + title + `</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}small{color:#666}</style>
</head><body><h1>` + title + `</h1>
<p>` + msg + `</p>
`
	if rid != "" {
		page += `<p><small>Request ID: <code>` + html.EscapeString(rid) + `</code></small></p>
`
	}
	page += "</body></html>\n"
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusRequestEntityTooLarge {
		// The rest of the body is not worth reading: end the connection.
		h.Set("Connection", "close")
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "1")
	}
	w.WriteHeader(status)
	w.Write([]byte(page))
}

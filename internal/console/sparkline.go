package console

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Sparkline size, in SVG user units (the stylesheet scales it).
const (
	sparkWidth  = 160
	sparkHeight = 36
)

// spark is one metric of the last hour, drawn as an inline SVG polyline.
type spark struct {
	Label  string
	Last   string // newest value
	Peak   string // highest value of the hour
	Points string // the polyline's points attribute
	Area   string // the shaded polygon under the line ("" with no points)
	Width  int
	Height int
}

// metricDefs are the metrics a service page draws, from berth's
// per-service series.
var metricDefs = []struct {
	label  string
	value  func(metricPoint) float64
	format func(float64) string
}{
	{"Requests", func(p metricPoint) float64 { return float64(p.Requests) }, count},
	{"5xx", func(p metricPoint) float64 { return float64(p.Errors5xx) }, count},
	{"p99 latency", func(p metricPoint) float64 { return float64(p.P99) / float64(time.Millisecond) }, unit("ms", 1)},
	{"Instances", func(p metricPoint) float64 { return float64(p.ActiveInstances) }, count},
	{"CPU", func(p metricPoint) float64 { return p.CPU }, percent},
	{"Memory", func(p metricPoint) float64 { return float64(p.MemoryBytes) / (1 << 20) }, unit("MB", 0)},
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func unit(u string, decimals int) func(float64) string {
	return func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) + " " + u }
}

// percent keeps a decimal for small values, so a busy-ish 0.4 % does not
// read as an idle "0 %" next to a line that rises.
func percent(v float64) string {
	if v > 0 && v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " %"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " %"
}

// sparks draws every metric of points (oldest first).
func sparks(points []metricPoint) []spark {
	out := make([]spark, 0, len(metricDefs))
	for _, d := range metricDefs {
		vals := make([]float64, len(points))
		for i, p := range points {
			if v := d.value(p); !math.IsNaN(v) && !math.IsInf(v, 0) && v > 0 {
				vals[i] = v
			}
		}
		pts := polyline(vals, sparkWidth, sparkHeight)
		s := spark{Label: d.label, Width: sparkWidth, Height: sparkHeight, Last: "—", Peak: "—", Points: pts, Area: area(pts, sparkWidth, sparkHeight)}
		if len(vals) > 0 {
			peak := vals[0]
			for _, v := range vals {
				peak = max(peak, v)
			}
			s.Last, s.Peak = d.format(vals[len(vals)-1]), d.format(peak)
		}
		out = append(out, s)
	}
	return out
}

// polyline maps vals onto a w×h box (y grows downwards; the highest
// value touches the top, zero the bottom). One value is a flat line; no
// values is an empty line.
func polyline(vals []float64, w, h int) string {
	if len(vals) == 0 {
		return ""
	}
	if len(vals) == 1 {
		vals = []float64{vals[0], vals[0]}
	}
	peak := 0.0
	for _, v := range vals {
		peak = max(peak, v)
	}
	var b strings.Builder
	pad := 1.0
	for i, v := range vals {
		x := pad + float64(i)*(float64(w)-2*pad)/float64(len(vals)-1)
		y := float64(h) - pad
		if peak > 0 && v > 0 {
			y -= v / peak * (float64(h) - 2*pad)
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", x, y)
	}
	return b.String()
}

// area closes a polyline's points down to the baseline, for the shading
// under the line.
func area(points string, w, h int) string {
	if points == "" {
		return ""
	}
	base := float64(h) - 1
	return fmt.Sprintf("1.0,%.1f %s %.1f,%.1f", base, points, float64(w)-1, base)
}

// spanLabel says how much time points cover: the series starts when berth
// first sampled the service, so a new service has minutes, not an hour.
func spanLabel(points []metricPoint) string {
	if len(points) == 0 {
		return ""
	}
	if len(points) == 1 {
		return "first sample"
	}
	d := points[len(points)-1].Time.Sub(points[0].Time)
	switch {
	case d >= 59*time.Minute:
		return "last hour"
	case d >= 90*time.Second:
		return "last " + strconv.Itoa(int(d.Round(time.Minute)/time.Minute)) + " min"
	}
	return "last " + strconv.Itoa(int(d.Round(time.Second)/time.Second)) + " s"
}

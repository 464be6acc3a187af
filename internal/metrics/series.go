package metrics

// series is a fixed-size ring of Points, oldest overwritten first.
type series struct {
	points []Point
	next   int  // slot the next point goes to
	full   bool // every slot holds a point
}

func newSeries(size int) *series { return &series{points: make([]Point, max(size, 1))} }

func (s *series) push(p Point) {
	s.points[s.next] = p
	s.next++
	if s.next == len(s.points) {
		s.next, s.full = 0, true
	}
}

// list copies the points out, oldest first.
func (s *series) list() []Point {
	if !s.full {
		return append([]Point(nil), s.points[:s.next]...)
	}
	out := make([]Point, 0, len(s.points))
	out = append(out, s.points[s.next:]...)
	return append(out, s.points[:s.next]...)
}

// last is the newest point, if any.
func (s *series) last() (Point, bool) {
	switch {
	case s.next > 0:
		return s.points[s.next-1], true
	case s.full:
		return s.points[len(s.points)-1], true
	}
	return Point{}, false
}

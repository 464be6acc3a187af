package console

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// stackEventsShown bounds the events a stack page lists (newest first).
const stackEventsShown = 200

// stacksView is the Stacks page.
type stacksView struct {
	Stacks []stack
	Err    *apiError
}

func (c *Console) stacksPage(w http.ResponseWriter, r *http.Request, s *session) {
	v := &stacksView{}
	token := ""
	for range maxPages {
		in := url.Values{}
		if token != "" {
			in.Set("NextToken", token)
		}
		var out describeStacksOut
		if err := c.call(r.Context(), s.principal, "cloudformation", "DescribeStacks", in, &out); err != nil {
			v.Err = c.explain(err)
			break
		}
		v.Stacks = append(v.Stacks, out.Stacks...)
		if token = out.NextToken; token == "" {
			break
		}
	}
	sort.Slice(v.Stacks, func(i, j int) bool { return v.Stacks[i].StackName < v.Stacks[j].StackName })
	c.render(w, r, s, http.StatusOK, "stacks", "Stacks", v)
}

// stackView is a stack's page.
type stackView struct {
	Name         string
	Stack        *stack
	Err          *apiError
	Resources    []stackResource
	ResourcesErr *apiError
	Events       []stackEvent
	EventsErr    *apiError
}

func (c *Console) stackPage(w http.ResponseWriter, r *http.Request, s *session) {
	name := r.PathValue("name")
	v := &stackView{Name: name}
	ctx, p := r.Context(), s.principal
	var out describeStacksOut
	err := c.call(ctx, p, "cloudformation", "DescribeStacks", url.Values{"StackName": {name}}, &out)
	if err == nil && len(out.Stacks) == 0 {
		err = &apiError{Code: "ValidationError", Message: "Stack with id " + name + " does not exist"}
	}
	if err != nil {
		v.Err = c.explain(err)
		status := http.StatusOK
		if v.Err.Code == "ValidationError" && strings.Contains(v.Err.Message, "does not exist") {
			status = http.StatusNotFound
		}
		c.render(w, r, s, status, "stack", name, v)
		return
	}
	v.Stack = &out.Stacks[0]
	// The stack's id names it even once deleted; its name may be reused.
	id := v.Stack.StackID
	token := ""
	for range maxPages {
		in := url.Values{"StackName": {id}}
		if token != "" {
			in.Set("NextToken", token)
		}
		var res listResourcesOut
		if err := c.call(ctx, p, "cloudformation", "ListStackResources", in, &res); err != nil {
			v.ResourcesErr = c.explain(err)
			break
		}
		v.Resources = append(v.Resources, res.StackResourceSummaries...)
		if token = res.NextToken; token == "" {
			break
		}
	}
	sort.Slice(v.Resources, func(i, j int) bool { return v.Resources[i].LogicalResourceID < v.Resources[j].LogicalResourceID })
	token = ""
	for range maxPages {
		in := url.Values{"StackName": {id}}
		if token != "" {
			in.Set("NextToken", token)
		}
		var ev stackEventsOut
		if err := c.call(ctx, p, "cloudformation", "DescribeStackEvents", in, &ev); err != nil {
			v.EventsErr = c.explain(err)
			break
		}
		v.Events = append(v.Events, ev.StackEvents...)
		if token = ev.NextToken; token == "" || len(v.Events) >= stackEventsShown {
			break
		}
	}
	if len(v.Events) > stackEventsShown {
		v.Events = v.Events[:stackEventsShown]
	}
	c.render(w, r, s, http.StatusOK, "stack", name, v)
}

package console

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"sort"

	"github.com/berth-dev/berth/internal/awsapi"
)

// maxPages bounds how many pages of a list the console reads for one view.
const maxPages = 20

// servicesView is the Services page.
type servicesView struct {
	Services []serviceRow
	Err      *apiError
}

type serviceRow struct {
	serviceSummary
	Path string // the service's console page
	URL  string // https://…
}

func (c *Console) servicesPage(w http.ResponseWriter, r *http.Request, s *session) {
	v := &servicesView{}
	token := ""
	for range maxPages {
		var out listServicesOut
		in := map[string]any{"MaxResults": 20}
		if token != "" {
			in["NextToken"] = token
		}
		if err := c.call(r.Context(), s.principal, "apprunner", "ListServices", in, &out); err != nil {
			v.Err = c.explain(err)
			break
		}
		for _, sv := range out.ServiceSummaryList {
			v.Services = append(v.Services, serviceRow{serviceSummary: sv, Path: servicePath(sv.ServiceName, sv.ServiceID), URL: httpsURL(sv.ServiceURL)})
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	sort.Slice(v.Services, func(i, j int) bool { return v.Services[i].ServiceName < v.Services[j].ServiceName })
	c.render(w, r, s, http.StatusOK, "services", "Services", v)
}

// serviceView is a service's page.
type serviceView struct {
	Name, ID, ARN string
	Service       *serviceDetail
	Err           *apiError
	HTTPSURL      string
	HTTPURL       string
	Commit        string
	Branch        string
	AutoDeploy    bool
	Scaling       *scalingConfig
	ScalingErr    *apiError
	Operations    []operationSummary
	OpsErr        *apiError
	Metrics       []spark
	MetricsSpan   string // how much time the metrics cover ("last 12 min")
	MetricsErr    *apiError
	AppLog        logView
	ServiceLog    logView
	Path          string
	CanPause      bool
	CanResume     bool
	CanDeploy     bool
}

func (c *Console) servicePage(w http.ResponseWriter, r *http.Request, s *session) {
	name, id := r.PathValue("name"), r.PathValue("id")
	v := &serviceView{Name: name, ID: id, ARN: c.serviceARN(name, id), Path: servicePath(name, id)}
	ctx, p := r.Context(), s.principal
	var desc describeServiceOut
	if err := c.call(ctx, p, "apprunner", "DescribeService", map[string]string{"ServiceArn": v.ARN}, &desc); err != nil {
		v.Err = c.explain(err)
		status := http.StatusOK
		if v.Err.Code == "ResourceNotFoundException" {
			status = http.StatusNotFound
		}
		c.render(w, r, s, status, "service", name, v)
		return
	}
	sv := &desc.Service
	v.Service = sv
	v.HTTPSURL, v.HTTPURL = httpsURL(sv.ServiceURL), c.httpURL(sv.ServiceURL)
	v.AutoDeploy = sv.SourceConfiguration.AutoDeploymentsEnabled != nil && *sv.SourceConfiguration.AutoDeploymentsEnabled
	switch sv.Status {
	case "RUNNING":
		v.CanPause, v.CanDeploy = true, true
	case "PAUSED":
		v.CanResume = true
	}
	if arn := sv.AutoScalingConfigurationSummary.ARN; arn != "" {
		var sc describeScalingOut
		if err := c.call(ctx, p, "apprunner", "DescribeAutoScalingConfiguration", map[string]string{"AutoScalingConfigurationArn": arn}, &sc); err != nil {
			v.ScalingErr = c.explain(err)
		} else {
			v.Scaling = &sc.AutoScalingConfiguration
		}
	}
	var ops listOperationsOut
	if err := c.call(ctx, p, "apprunner", "ListOperations", map[string]any{"ServiceArn": v.ARN, "MaxResults": 20}, &ops); err != nil {
		v.OpsErr = c.explain(err)
	} else {
		v.Operations = ops.OperationSummaryList
	}
	var m metricsOut
	if err := c.call(ctx, p, "berth", "GetServiceMetrics", map[string]string{"serviceId": id}, &m); err != nil {
		v.MetricsErr = c.explain(err)
	} else {
		v.Metrics, v.MetricsSpan = sparks(m.Points), spanLabel(m.Points)
	}
	group := "/aws/apprunner/" + name + "/" + id
	v.AppLog = c.lastLines(ctx, p, group+"/application", logLines)
	v.ServiceLog = c.lastLines(ctx, p, group+"/service", logLines)
	v.Branch, v.Commit = c.deployedCommit(ctx, p, group+"/service")
	c.render(w, r, s, http.StatusOK, "service", name, v)
}

// serviceActions are the buttons of a service's page.
var serviceActions = map[string]struct{ op, done string }{
	"deploy": {"StartDeployment", "Deployment started"},
	"pause":  {"PauseService", "Pausing the service"},
	"resume": {"ResumeService", "Resuming the service"},
}

// serviceAction runs a service's button (Deploy, Pause, Resume) and goes
// back to its page, which says what happened.
func (c *Console) serviceAction(w http.ResponseWriter, r *http.Request, s *session) {
	name, id := r.PathValue("name"), r.PathValue("id")
	a, ok := serviceActions[r.PathValue("action")]
	if !ok {
		c.notFound(w, r)
		return
	}
	var out operationIDOut
	if err := c.call(r.Context(), s.principal, "apprunner", a.op, map[string]string{"ServiceArn": c.serviceARN(name, id)}, &out); err != nil {
		e := c.explain(err)
		s.setFlash(true, a.op+" failed: "+e.Code+": "+e.Message)
	} else {
		s.setFlash(false, a.done+" (operation "+out.OperationID+").")
	}
	http.Redirect(w, r, servicePath(name, id), http.StatusSeeOther)
}

// commitLine is the service log's line for a fetched source, and
// completedLine the one for a deployment (or the service's creation)
// that went through (see the App Runner controller's deployment events).
var (
	commitLine    = regexp.MustCompile(`\(([^()]*) at commit ([0-9a-f]{4,40})\)`)
	completedLine = regexp.MustCompile(`^\[AppRunner\] (Service creation|Service update|Deployment with ID : \S+) successfully completed`)
)

// deployedCommit finds the branch and commit the service runs: the
// source fetched by the last deployment that completed, so a failed or
// running deployment's commit does not show as deployed ("" when the log
// does not say).
func (c *Console) deployedCommit(ctx context.Context, p *awsapi.Principal, group string) (branch, commit string) {
	token := ""
	var msgs []string
	for range maxPages {
		var out filterLogEventsOut
		in := map[string]any{"logGroupName": group, "filterPattern": `?"at commit" ?"successfully completed"`}
		if token != "" {
			in["nextToken"] = token
		}
		if err := c.call(ctx, p, "logs", "FilterLogEvents", in, &out); err != nil {
			break
		}
		for _, e := range out.Events {
			msgs = append(msgs, e.Message)
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	return deployedFrom(msgs)
}

// deployedFrom reads the service log's messages, oldest first: each
// source fetch is pending until a completion line says it went through.
func deployedFrom(msgs []string) (branch, commit string) {
	var fetchedBranch, fetchedCommit string
	for _, m := range msgs {
		if sub := commitLine.FindStringSubmatch(m); sub != nil {
			fetchedBranch, fetchedCommit = sub[1], sub[2]
		} else if completedLine.MatchString(m) && fetchedCommit != "" {
			branch, commit = fetchedBranch, fetchedCommit
		}
	}
	return branch, commit
}

// serviceARN is the ARN of service name/id in this berth.
func (c *Console) serviceARN(name, id string) string {
	return "arn:aws:apprunner:" + c.opts.Region + ":" + c.opts.Account + ":service/" + name + "/" + id
}

// servicePath is a service's console page.
func servicePath(name, id string) string {
	return "/console/services/" + pathEscape(name) + "/" + pathEscape(id)
}

// httpsURL is a ServiceUrl (host[:port]) as a link.
func httpsURL(serviceURL string) string {
	if serviceURL == "" {
		return ""
	}
	return "https://" + serviceURL
}

// httpURL is the service's address on the ingress's plain HTTP listener.
func (c *Console) httpURL(serviceURL string) string {
	if serviceURL == "" || c.opts.IngressHTTP == "" {
		return ""
	}
	_, port, err := net.SplitHostPort(c.opts.IngressHTTP)
	if err != nil {
		return ""
	}
	host := serviceURL
	if h, _, err := net.SplitHostPort(serviceURL); err == nil {
		host = h
	}
	if port == "80" {
		return "http://" + host
	}
	return "http://" + net.JoinHostPort(host, port)
}

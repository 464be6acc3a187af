package ssm

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// PutParameterInput is PutParameter's request.
type PutParameterInput struct {
	Name           string `json:"Name" aws:"required"`
	Value          string `json:"Value" aws:"required"`
	Type           string `json:"Type"`
	Description    string `json:"Description"`
	Overwrite      bool   `json:"Overwrite"`
	AllowedPattern string `json:"AllowedPattern"`
	DataType       string `json:"DataType"`
	Tier           string `json:"Tier"`
}

// PutParameterOutput is PutParameter's result.
type PutParameterOutput struct {
	Version int64  `json:"Version"`
	Tier    string `json:"Tier"`
}

// GetParameterInput is GetParameter's request.
type GetParameterInput struct {
	Name           string `json:"Name" aws:"required"`
	WithDecryption bool   `json:"WithDecryption"`
}

// WireParameter is the Parameter shape.
type WireParameter struct {
	Name             string  `json:"Name"`
	Type             string  `json:"Type"`
	Value            string  `json:"Value"`
	Version          int64   `json:"Version"`
	LastModifiedDate float64 `json:"LastModifiedDate"`
	ARN              string  `json:"ARN"`
	DataType         string  `json:"DataType"`
}

// GetParameterOutput is GetParameter's result.
type GetParameterOutput struct {
	Parameter WireParameter `json:"Parameter"`
}

// GetParametersInput is GetParameters' request.
type GetParametersInput struct {
	Names          []string `json:"Names" aws:"required"`
	WithDecryption bool     `json:"WithDecryption"`
}

// GetParametersOutput is GetParameters' result.
type GetParametersOutput struct {
	Parameters        []WireParameter `json:"Parameters"`
	InvalidParameters []string        `json:"InvalidParameters"`
}

// DeleteParameterInput is DeleteParameter's request.
type DeleteParameterInput struct {
	Name string `json:"Name" aws:"required"`
}

// GetParametersByPathInput is GetParametersByPath's request.
type GetParametersByPathInput struct {
	Path           string `json:"Path" aws:"required"`
	Recursive      bool   `json:"Recursive"`
	WithDecryption bool   `json:"WithDecryption"`
	MaxResults     int    `json:"MaxResults"`
	NextToken      string `json:"NextToken"`
}

// GetParametersByPathOutput is GetParametersByPath's result.
type GetParametersByPathOutput struct {
	Parameters []WireParameter `json:"Parameters"`
	NextToken  string          `json:"NextToken,omitempty"`
}

func (a *API) wire(p *Param, decrypt bool) WireParameter {
	v := p.Value
	if p.Type == "SecureString" && !decrypt {
		// Without KMS, berth stores SecureString values as is; it still
		// withholds them unless WithDecryption is set, as SSM does.
		v = "****"
	}
	return WireParameter{Name: p.Name, Type: p.Type, Value: v, Version: p.Version,
		LastModifiedDate: float64(p.LastModified.UnixMilli()) / 1000, ARN: a.ARN(p.Name), DataType: p.DataType}
}

func (a *API) put(ctx context.Context, _ *awsCall, in *PutParameterInput) (*PutParameterOutput, error) {
	v, err := a.Put(ctx, Param{Name: in.Name, Value: in.Value, Type: in.Type, Description: in.Description,
		AllowedPattern: in.AllowedPattern, DataType: in.DataType}, in.Overwrite)
	if err != nil {
		return nil, err
	}
	return &PutParameterOutput{Version: v, Tier: "Standard"}, nil
}

func (a *API) getOne(ctx context.Context, _ *awsCall, in *GetParameterInput) (*GetParameterOutput, error) {
	p, err := a.Get(ctx, in.Name)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound(in.Name)
	}
	if err != nil {
		return nil, err
	}
	return &GetParameterOutput{Parameter: a.wire(p, in.WithDecryption)}, nil
}

func (a *API) getMany(ctx context.Context, _ *awsCall, in *GetParametersInput) (*GetParametersOutput, error) {
	out := &GetParametersOutput{Parameters: []WireParameter{}, InvalidParameters: []string{}}
	for _, n := range in.Names {
		p, err := a.Get(ctx, n)
		if errors.Is(err, ErrNotFound) {
			out.InvalidParameters = append(out.InvalidParameters, n)
			continue
		}
		if err != nil {
			return nil, err
		}
		out.Parameters = append(out.Parameters, a.wire(p, in.WithDecryption))
	}
	return out, nil
}

func (a *API) deleteOne(ctx context.Context, _ *awsCall, in *DeleteParameterInput) (*struct{}, error) {
	return &struct{}{}, a.Delete(ctx, in.Name)
}

func (a *API) byPath(ctx context.Context, _ *awsCall, in *GetParametersByPathInput) (*GetParametersByPathOutput, error) {
	path := in.Path
	if !strings.HasPrefix(path, "/") {
		return nil, errValidation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".")
	}
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	all, err := a.list(ctx, path)
	if err != nil {
		return nil, err
	}
	max := in.MaxResults
	if max <= 0 || max > 10 {
		max = 10
	}
	start := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(in.NextToken)
		if err != nil || n < 0 {
			return nil, errCode("InvalidNextToken", "The specified token isn't valid.")
		}
		start = n
	}
	out := &GetParametersByPathOutput{Parameters: []WireParameter{}}
	i := 0
	for _, p := range all {
		rest := strings.TrimPrefix(p.Name, path)
		if !in.Recursive && strings.Contains(rest, "/") {
			continue
		}
		if i >= start {
			if len(out.Parameters) == max {
				out.NextToken = strconv.Itoa(i)
				break
			}
			out.Parameters = append(out.Parameters, a.wire(p, in.WithDecryption))
		}
		i++
	}
	return out, nil
}

package cloudformation

import (
	"strconv"

	"github.com/berth-dev/berth/internal/awsapi"
)

// paginate returns the page of items a NextToken (an offset) selects and
// the token of the next page ("" at the end).
func paginate[T any](items []T, token string, size int) ([]T, string, error) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", awsapi.Errorf(awsapi.CodeValidation, "Invalid NextToken: %s", token)
		}
		start = n
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

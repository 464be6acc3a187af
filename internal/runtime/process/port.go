package process

import (
	"fmt"
	"net"
)

// freePort asks the kernel for a free TCP port on 127.0.0.1 and releases it
// for the instance to bind. Another process could take it in between; the
// instance then fails to start and the controller retries, which is cheaper
// than passing listening sockets to arbitrary programs.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("process: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// idle_echo.go - the Go server of IdleMain (io.netpoll.bench): an echo server with one
// goroutine per connection, each parked in Read while its connection is idle, as IdleServer's
// virtual threads are. Usage: idle_echo BUF (each connection reads into a buffer of BUF bytes).
// It listens on 127.0.0.1, an ephemeral port, and prints "listening PORT"; then each line "stats"
// on standard input gets "heap BYTES stacks BYTES" (HeapAlloc and StackInuse after a collection:
// a goroutine's stack lives outside Go's heap, a parked virtual thread's inside Java's), and the
// end of input ends the process.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: idle_echo BUF")
		os.Exit(2)
	}
	bufsz, err := strconv.Atoi(os.Args[1])
	if err != nil || bufsz <= 0 {
		fmt.Fprintln(os.Stderr, "idle_echo: BUF must be a positive number, not", os.Args[1])
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go accept(ln, bufsz)
	fmt.Println("listening", ln.Addr().(*net.TCPAddr).Port)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() != "stats" {
			fmt.Println("error unknown command", in.Text())
			continue
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Println("heap", m.HeapAlloc, "stacks", m.StackInuse)
	}
	// The parent closed our input: the run is over.
	os.Exit(0)
}

func accept(ln net.Listener, bufsz int) {
	for {
		c, err := ln.Accept()
		if err != nil {
			// Out of descriptors, say: the parent sees the connection fail and reports it.
			fmt.Fprintln(os.Stderr, "accept:", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		go serve(c, bufsz)
	}
}

func serve(c net.Conn, bufsz int) {
	defer c.Close()
	buf := make([]byte, bufsz)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

package com.example.hello;

import io.netpoll.Netpoll;
import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Hello {
    public static void main(String[] args) throws IOException {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {  // port 0: the system picks a free one
            Thread.ofVirtual().start(() -> serve(ln));
            try (Conn c = Net.dial("tcp", ln.addr())) {          // Go's Dial("tcp", ln.Addr().String())
                c.write("hello, netpoll".getBytes(StandardCharsets.UTF_8));
                byte[] reply = c.inputStream().readNBytes(14);
                System.out.println("echo: " + new String(reply, StandardCharsets.UTF_8)
                        + " from " + Net.addrString(ln.addr())   // 127.0.0.1:PORT, as Go prints it
                        + " on " + Netpoll.provider().name());  // epoll, kqueue or nio
            }
        }
    }

    /** An echo server: one virtual thread per connection, each a plain blocking loop. */
    static void serve(Listener ln) {
        try {
            while (true) {
                Conn c = ln.accept();
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        c.inputStream().transferTo(c.outputStream());
                    } catch (IOException e) {
                        // the peer went away; e.getMessage() is Go's text
                    }
                });
            }
        } catch (IOException e) {
            // accept fails once the listener is closed: the server is done
        }
    }
}

/** The consumer on the module path: it requires net-core only; the providers are bound as services. */
module com.example.hello {
    requires io.netpoll.net;
}

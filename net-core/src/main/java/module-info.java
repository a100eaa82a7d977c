/** Go's net package in Java idiom, on whichever netpoll provider is selected. */
module io.netpoll.net {
    requires transitive io.netpoll.api;
    requires jdk.net;
    exports io.netpoll.net;
}

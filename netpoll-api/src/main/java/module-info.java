/**
 * The netpoll SPI ({@code io.netpoll.spi}), provider selection ({@code io.netpoll}) and the
 * runtime that turns readiness into parked and unparked threads ({@code io.netpoll.runtime}).
 */
module io.netpoll.api {
    requires jdk.net;
    exports io.netpoll;
    exports io.netpoll.spi;
    exports io.netpoll.runtime;
    uses io.netpoll.spi.NetpollProvider;
}

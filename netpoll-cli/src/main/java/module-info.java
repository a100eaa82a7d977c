/**
 * The netpoll command: {@code providers}, {@code echo}, {@code bench}, {@code lookup} and {@code dial}. It names no provider class: the
 * providers on the module path are bound as services of {@code io.netpoll.spi.NetpollProvider}.
 */
module io.netpoll.cli {
    requires io.netpoll.net;
    requires info.picocli;
    // HdrHistogram's jar has no module descriptor and no Automatic-Module-Name: on the module path it is
    // the automatic module named after its file, HdrHistogram-VERSION.jar.
    requires HdrHistogram;
    requires java.management;
    opens io.netpoll.cli to info.picocli;
    uses io.netpoll.spi.NetpollProvider;
}

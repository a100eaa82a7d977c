package io.netpoll.runtime;

import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The socket layer of {@link FakeProvider}: every call goes to the {@link FakeHandle}. */
final class FakeSockets implements Sockets {

    private final FakeProvider provider;
    private final Map<String, Object> options = new ConcurrentHashMap<>();

    FakeSockets(FakeProvider provider) {
        this.provider = provider;
    }

    private static FakeHandle fake(Handle h) {
        return (FakeHandle) h;
    }

    @Override
    public FakeHandle socket(Family family, SocketType type) {
        return new FakeHandle(type);
    }

    @Override
    public void bind(Handle handle, SocketAddress local) {
    }

    @Override
    public void listen(Handle handle, int backlog) {
    }

    @Override
    public Handle accept(Handle listener) throws IOException {
        return fake(listener).accept();
    }

    @Override
    public boolean connect(Handle handle, SocketAddress remote) {
        return fake(handle).connect();
    }

    @Override
    public boolean finishConnect(Handle handle) throws IOException {
        return fake(handle).finishConnect();
    }

    @Override
    public int read(Handle handle, ByteBuffer dst) throws IOException {
        return fake(handle).read(dst);
    }

    @Override
    public int write(Handle handle, ByteBuffer src) {
        return fake(handle).write(src);
    }

    @Override
    public SocketAddress receive(Handle handle, ByteBuffer dst) {
        return fake(handle).receive(dst);
    }

    @Override
    public int send(Handle handle, ByteBuffer src, SocketAddress target) {
        return fake(handle).send(src, target);
    }

    @Override
    public void shutdown(Handle handle, boolean read, boolean write) {
    }

    @Override
    public void close(Handle handle) {
        FakeHandle h = fake(handle);
        h.closes.incrementAndGet();
        provider.log.add("close " + h.id);
    }

    @Override
    public <T> void setOption(Handle handle, SocketOption<T> option, T value) {
        options.put(fake(handle).id + option.name(), value);
    }

    @Override
    public <T> T getOption(Handle handle, SocketOption<T> option) {
        return option.type().cast(options.get(fake(handle).id + option.name()));
    }

    @Override
    public SocketAddress localAddress(Handle handle) {
        return new InetSocketAddress(fake(handle).id);
    }

    @Override
    public SocketAddress remoteAddress(Handle handle) {
        return null;
    }
}

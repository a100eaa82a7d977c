package io.netpoll.epoll;

import java.util.Locale;

/**
 * epoll's numbers and the layout of {@code struct epoll_event}, per architecture: the one struct that
 * x86_64 and aarch64 lay out differently. The kernel's UAPI header packs it on x86_64 only ("make the
 * 64bit structure have the same alignment as the 32bit structure"): there it is 12 bytes with the
 * 64-bit data at offset 4; every other 64-bit architecture aligns the data to 8, for 16 bytes. Go's
 * runtime hard-codes the same two layouts (defs_linux_amd64.go, defs_linux_arm64.go).
 *
 * @param size       {@code sizeof(struct epoll_event)}
 * @param dataOffset {@code offsetof(struct epoll_event, data)}
 */
record EpollTable(String arch, int size, int dataOffset) {

    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 0x80000000;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;

    /** The layout for a JDK {@code os.arch}, or null when this provider has none. */
    static EpollTable forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> new EpollTable("x86_64", 12, 4);
            case "aarch64" -> new EpollTable("aarch64", 16, 8);
            default -> null;
        };
    }
}

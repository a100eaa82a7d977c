// Both runs happened and said what they should: where each ran, and the echo came back.
def log = new File(basedir, 'build.log').text
def expect = [
    /class path: \d+ entries, no Guava; unnamed module; provider (epoll|kqueue|nio) in unnamed module/,
    /module path: \d+ entries, no Guava; module com\.example\.hello; provider (epoll|kqueue|nio) in module io\.netpoll\.(epoll|kqueue|nio)/,
]
expect.each { pattern ->
    assert log =~ pattern : "build.log has no line like ${pattern}"
}
def echoes = (log =~ /echo: hello, netpoll from 127\.0\.0\.1:\d+ on (epoll|kqueue|nio)/).size()
assert echoes == 2 : "build.log has ${echoes} echo lines, not 2"
return true

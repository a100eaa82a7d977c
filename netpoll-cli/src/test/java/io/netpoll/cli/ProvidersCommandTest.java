package io.netpoll.cli;

import io.netpoll.Netpoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProvidersCommandTest {

    @Test
    void listsNioAsAvailableAndMarksTheSelectedOne() {
        Cli r = Cli.run("providers");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Pattern.compile("(?m)^[ *] nio +0 +available$").matcher(r.out()).find(), r::toString);
        String selected = Netpoll.provider().name();
        assertTrue(Pattern.compile("(?m)^\\* " + selected + " ").matcher(r.out()).find(), r::toString);
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("*")).count(), r::toString);
        assertTrue(r.out().contains("selected: " + selected), r::toString);
    }

    @Test
    void aNamedProviderIsSelectedInANewJvm() throws Exception {
        Jvms.Result r = Jvms.run(Jvms.classPathCommand(List.of("-Dnetpoll.provider=nio"), "providers"),
                Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Pattern.compile("(?m)^\\* nio +0 +available$").matcher(r.stdout()).find(), r::toString);
        assertTrue(r.stdout().contains("selected: nio (-Dnetpoll.provider=nio)"), r::toString);
    }

    @Test
    void aMissingNamedProviderFailsLoudly() throws Exception {
        Jvms.Result r = Jvms.run(Jvms.classPathCommand(List.of("-Dnetpoll.provider=nosuch"), "providers"),
                Duration.ofSeconds(120));
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains(" nio "), "the list is still printed\n" + r);
        assertTrue(r.stderr().contains("netpoll providers: no netpoll provider named nosuch"), r::toString);
    }
}

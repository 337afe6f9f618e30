package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcmeTest {
    @Test
    void caErrorDetailsLoseTheAddressesTheyName() {
        assertThat(Acme.scrub("Fetching http://localhost:5002/.well-known/acme-challenge/x: "
                + "dial tcp 127.0.0.1:5002: connect: connection refused"))
                .doesNotContain("127.0.0.1").contains("<address>:5002");
        assertThat(Acme.scrub("dial tcp [2001:db8::7]:80: i/o timeout")).doesNotContain("2001:db8").contains("<address>");
        assertThat(Acme.scrub("urn:ietf:params:acme:error:rateLimited")).isEqualTo("urn:ietf:params:acme:error:rateLimited");
    }
}

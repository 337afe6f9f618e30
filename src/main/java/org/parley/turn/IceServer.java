package org.parley.turn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One entry of {@code RTCConfiguration.iceServers}, as the page passes it to the browser. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
    }

    public static IceServer of(String url) {
        return new IceServer(List.of(url), null, null);
    }
}

package org.parley.support;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;

/**
 * What {@code RTCPeerConnection.getStats()} says in one page, per open peer connection.
 * Counters are summed per kind over the connection's RTP streams. The candidate type lists hold
 * every type gathered (local) or received (remote), through signaling or in the stats (which
 * alone know peer-reflexive ones).
 */
public record MediaStats(List<Peer> peers, boolean allLocalTracksEnded, int localTracks) {
    public record Peer(String state, long framesDecoded, long audioBytesReceived, long videoBytesReceived,
                       long videoBytesSent, long audioBytesSent, boolean sendsVideoTrack, String candidateType,
                       String remoteCandidateType, List<String> localCandidateTypes, List<String> remoteCandidateTypes) {
        /** The selected candidate pair goes through a TURN relay on either side. */
        public boolean relayed() {
            return "relay".equals(candidateType) || "relay".equals(remoteCandidateType);
        }
    }

    private static final String SCRIPT = """
            async () => {
              const peers = [];
              for (const pc of window.__pcs || []) {
                if (pc.connectionState === 'closed') continue;
                const s = { state: pc.connectionState, framesDecoded: 0, audioBytesReceived: 0,
                  videoBytesReceived: 0, videoBytesSent: 0, audioBytesSent: 0, candidateType: '', remoteCandidateType: '',
                  sendsVideoTrack: pc.getSenders().some(x => x.track && x.track.kind === 'video') };
                const report = await pc.getStats();
                let pairId = null;
                const gathered = new Set(pc.__gathered || []), received = new Set(pc.__received || []);
                report.forEach(r => {
                  if (r.type === 'local-candidate') gathered.add(r.candidateType);
                  if (r.type === 'remote-candidate') received.add(r.candidateType);
                  if (r.type === 'inbound-rtp' && r.kind === 'video') {
                    s.framesDecoded += r.framesDecoded || 0; s.videoBytesReceived += r.bytesReceived || 0;
                  }
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') s.audioBytesReceived += r.bytesReceived || 0;
                  if (r.type === 'outbound-rtp' && r.kind === 'video') s.videoBytesSent += r.bytesSent || 0;
                  if (r.type === 'outbound-rtp' && r.kind === 'audio') s.audioBytesSent += r.bytesSent || 0;
                  if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
                });
                if (!pairId) report.forEach(r => { if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') pairId = r.id; });
                const pair = pairId && report.get(pairId);
                const local = pair && report.get(pair.localCandidateId);
                const remote = pair && report.get(pair.remoteCandidateId);
                s.candidateType = local ? local.candidateType : '';
                s.remoteCandidateType = remote ? remote.candidateType : '';
                s.localCandidateTypes = [...gathered].sort();
                s.remoteCandidateTypes = [...received].sort();
                peers.push(s);
              }
              const tracks = (window.__streams || []).flatMap(x => x.getTracks());
              return { peers, localTracks: tracks.length, allLocalTracksEnded: tracks.every(t => t.readyState === 'ended') };
            }
            """;

    @SuppressWarnings("unchecked")
    public static MediaStats of(Page page) {
        Map<String, Object> raw = (Map<String, Object>) page.evaluate(SCRIPT);
        List<Map<String, Object>> list = (List<Map<String, Object>>) raw.get("peers");
        List<Peer> peers = list.stream().map(m -> new Peer(
                (String) m.get("state"), num(m, "framesDecoded"), num(m, "audioBytesReceived"),
                num(m, "videoBytesReceived"), num(m, "videoBytesSent"), num(m, "audioBytesSent"),
                (Boolean) m.get("sendsVideoTrack"), (String) m.get("candidateType"),
                (String) m.get("remoteCandidateType"), (List<String>) m.get("localCandidateTypes"),
                (List<String>) m.get("remoteCandidateTypes"))).toList();
        return new MediaStats(peers, (Boolean) raw.get("allLocalTracksEnded"), ((Number) raw.get("localTracks")).intValue());
    }

    private static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}

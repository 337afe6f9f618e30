package org.parley.room;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.signaling.protocol.CallKind;
import org.parley.signaling.protocol.ServerMessage.CallInfo;
import org.parley.signaling.protocol.ServerMessage.CallMember;

/** The media session inside a room. Only touched under its room's lock. */
final class Call {
    final CallKind kind;
    final String from;
    /** Member id → audio-only, in the order they joined. */
    private final Map<String, Boolean> members = new LinkedHashMap<>();
    /** Who declined this call; a member who hangs up and is asked again is not in here. */
    private final Set<String> declined = new HashSet<>();

    Call(CallKind kind, String from) {
        this.kind = kind;
        this.from = from;
    }

    void add(String id, boolean audioOnly) {
        members.put(id, audioOnly);
        declined.remove(id);
    }

    void decline(String id) {
        declined.add(id);
    }

    /** True when only the caller is in the call and everyone in {@code present} but them declined. */
    boolean declinedByAll(Iterable<String> present) {
        if (members.size() != 1 || !members.containsKey(from)) {
            return false;
        }
        for (String id : present) {
            if (!id.equals(from) && !declined.contains(id)) {
                return false;
            }
        }
        return true;
    }

    boolean remove(String id) {
        return members.remove(id) != null;
    }

    boolean has(String id) {
        return members.containsKey(id);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    Iterable<String> memberIds() {
        return members.keySet();
    }

    CallInfo info() {
        List<CallMember> list = new ArrayList<>(members.size());
        members.forEach((id, audioOnly) -> list.add(new CallMember(id, audioOnly)));
        return new CallInfo(kind, from, list);
    }

    int size() {
        return members.size();
    }
}

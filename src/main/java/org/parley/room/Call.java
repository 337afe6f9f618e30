package org.parley.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.signaling.protocol.CallKind;
import org.parley.signaling.protocol.ServerMessage.CallInfo;
import org.parley.signaling.protocol.ServerMessage.CallMember;

/** The media session inside a room. Only touched under its room's lock. */
final class Call {
    final CallKind kind;
    final String from;
    /** Member id → audio-only, in the order they joined. */
    private final Map<String, Boolean> members = new LinkedHashMap<>();

    Call(CallKind kind, String from) {
        this.kind = kind;
        this.from = from;
    }

    void add(String id, boolean audioOnly) {
        members.put(id, audioOnly);
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
}

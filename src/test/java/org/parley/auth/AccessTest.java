package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.parley.config.AuthSettings;
import org.parley.config.AuthSettings.Algorithm;
import org.parley.config.AuthSettings.Mode;
import org.parley.room.RoomException;
import org.parley.signaling.protocol.ErrorCode;

/** The access rules per mode: who may enter which room, who may make rooms. */
class AccessTest {
    static AuthSettings settings(Mode mode) {
        return new AuthSettings(mode, Algorithm.HS256, TokenVerifierTest.SECRET, "", "", "parley");
    }

    static final TokenMinter MINT = TokenMinter.of(settings(Mode.JOIN), TokenVerifierTest.CLOCK);
    static final String STANDUP = MINT.mint("team-standup", Duration.ofHours(1));
    static final String ANY = MINT.mint("*", Duration.ofHours(1));

    static Access access(Mode mode) {
        return Access.of(settings(mode), TokenVerifierTest.CLOCK);
    }

    static void refused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void openAccessAsksForNothing() throws Exception {
        Access open = access(Mode.NONE);
        assertThat(open.enabled()).isFalse();
        open.join("anything", null).check();
        open.create(null, null);
    }

    @Test
    void joinModeNeedsATokenForThatRoomOnEveryEntry() throws Exception {
        Access a = access(Mode.JOIN);
        refused(() -> a.join("team-standup", null), ErrorCode.AUTH_REQUIRED);
        refused(() -> a.join("team-standup", "garbage"), ErrorCode.AUTH_INVALID);
        refused(() -> a.join("retro", STANDUP), ErrorCode.AUTH_WRONG_ROOM);
        a.join("Team-Standup", STANDUP).check();
        a.join("retro", ANY).check();
    }

    @Test
    void createModeAsksOnlyWhenTheJoinWouldMakeTheRoom() throws Exception {
        Access a = access(Mode.CREATE);
        var check = a.join("team-standup", null);
        refused(check::check, ErrorCode.AUTH_REQUIRED);
        refused(a.join("retro", STANDUP)::check, ErrorCode.AUTH_WRONG_ROOM);
        assertThatCode(a.join("team-standup", STANDUP)::check).doesNotThrowAnyException();
    }

    @Test
    void onlyAnEveryRoomTokenMakesNumericRoomsAndARoomTokenGetsOnlyItsOwnStandingLink() throws Exception {
        for (Mode mode : new Mode[] {Mode.CREATE, Mode.JOIN}) {
            Access a = access(mode);
            refused(() -> a.create(null, null), ErrorCode.AUTH_REQUIRED);
            refused(() -> a.create(STANDUP, null), ErrorCode.AUTH_WRONG_ROOM);
            refused(() -> a.create(STANDUP, "retro"), ErrorCode.AUTH_WRONG_ROOM);
            a.create(ANY, null);
            a.create(STANDUP, "team-standup");
            a.create(ANY, "retro");
        }
    }
}

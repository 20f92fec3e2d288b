package dev.offlineaccess.session;

import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An {@link OfflineTokens} for unit tests: answers {@link #next} or throws {@link #failure}; records the keys. */
public final class StubOfflineTokens implements OfflineTokens {
    public AccessToken next;
    public OfflineTokenException failure;
    public final List<GrantKey> requested = new ArrayList<>();

    @Override
    public AccessToken accessToken(String user) {
        throw new UnsupportedOperationException("by user");
    }

    @Override
    public AccessToken accessToken(GrantKey grant) {
        requested.add(grant);
        if (failure != null) {
            throw failure;
        }
        return next;
    }

    @Override
    public Optional<GrantInfo> find(String user) {
        return Optional.empty();
    }

    @Override
    public List<GrantInfo> list(int first, int max) {
        return List.of();
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public void revoke(String user) {
        throw new UnsupportedOperationException("revoke");
    }

    @Override
    public boolean forget(String user) {
        return false;
    }

    @Override
    public GrantInfo importToken(String user, String offlineToken) {
        throw new UnsupportedOperationException("import");
    }
}

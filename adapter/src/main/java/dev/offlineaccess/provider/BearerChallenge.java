package dev.offlineaccess.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code error} and {@code error_description} from an RFC 6750 {@code WWW-Authenticate: Bearer} header. */
final class BearerChallenge {
    private static final Pattern ERROR = Pattern.compile("(?:^|[\\s,])error=\"([^\"]*)\"");
    private static final Pattern DESCRIPTION = Pattern.compile("(?:^|[\\s,])error_description=\"([^\"]*)\"");

    private BearerChallenge() {
    }

    /** The error in the challenge, or {@code null} when the header is absent or carries none. */
    static ProviderError parse(int status, String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        Matcher error = ERROR.matcher(header);
        if (!error.find() || error.group(1).isBlank()) {
            return null;
        }
        Matcher description = DESCRIPTION.matcher(header);
        return new ProviderError(status, error.group(1), description.find() ? description.group(1) : null);
    }
}

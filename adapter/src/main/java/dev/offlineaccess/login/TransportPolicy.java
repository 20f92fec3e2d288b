package dev.offlineaccess.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code ssl-required} setting applied to each request, as the Keycloak adapters did: {@code all} needs https
 * for every request, {@code external} (the default) lets plain http through only from loopback and private
 * addresses (10/8, 172.16/12, 192.168/16, link-local, IPv6 unique-local), {@code none} never needs https. A request
 * counts as https when the container says so ({@code isSecure()}); behind a TLS-terminating proxy, configure the
 * container to trust the proxy's {@code X-Forwarded-Proto} (Jetty: {@code ForwardedRequestCustomizer}). Immutable
 * apart from a one-entry cache of the last address classified; thread-safe.
 */
public final class TransportPolicy {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");

    private static volatile LastAnswer lastAnswer;

    private final Mode mode;

    private enum Mode { ALL, EXTERNAL, NONE }

    private TransportPolicy(Mode mode) {
        this.mode = mode;
    }

    /** @param sslRequired {@code all}, {@code external} or {@code none} (validated by the settings loader) */
    public static TransportPolicy of(String sslRequired) {
        return new TransportPolicy(Mode.valueOf(sslRequired.toUpperCase(Locale.ROOT)));
    }

    /**
     * Whether a request may be served.
     *
     * @param secure        whether it came over https
     * @param remoteAddress the client's IP address as the container reports it; anything that is not an IP literal
     *                      counts as external
     */
    public boolean allows(boolean secure, String remoteAddress) {
        return switch (mode) {
            case NONE -> true;
            case ALL -> secure;
            case EXTERNAL -> secure || isLocal(remoteAddress);
        };
    }

    /**
     * Whether the address is loopback or private. The last answer is kept and reused while requests come from the
     * same address (a regular expression and an address parse on every request were a tenth of the filter's time
     * over plain http); one entry, so a client cannot grow it.
     */
    private static boolean isLocal(String address) {
        LastAnswer last = lastAnswer;
        if (last != null && last.address().equals(address)) {
            return last.local();
        }
        boolean local = classify(address);
        if (address != null) {
            lastAnswer = new LastAnswer(address, local);
        }
        return local;
    }

    /** The last address classified; immutable, published through a volatile field. */
    private record LastAnswer(String address, boolean local) {
    }

    private static boolean classify(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()) {
                return true;
            }
            byte[] bytes = ip.getAddress();
            return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package dev.offlineaccess.jpa;

/** A test database that can be stopped and started again with its data and address kept. */
interface RestartableDatabase extends TestDatabase {

    void stop() throws Exception;

    void start() throws Exception;

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package io.pgkeeper.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of {@code s3.caFile}, as the only ones the S3 client trusts. Read from the
 * named file alone: the JDK never reads {@code SSL_CERT_FILE} or {@code AWS_CA_BUNDLE}, and
 * with a CA file the JDK's own trust store is not consulted either.
 */
final class TrustAnchors {
    private TrustAnchors() {}

    static TrustManager[] load(Path pem) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw problem("cannot read the S3 CA file " + pem + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), "check s3.caFile and that this user may read it", e);
        } catch (GeneralSecurityException e) {
            throw problem("the S3 CA file " + pem + " holds no readable certificate: " + e.getMessage(),
                    "s3.caFile must be PEM: -----BEGIN CERTIFICATE----- blocks", e);
        }
        if (certs.isEmpty()) {
            throw problem("the S3 CA file " + pem + " holds no certificate", "s3.caFile must be PEM: -----BEGIN CERTIFICATE----- blocks", null);
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw problem("cannot use the certificates of " + pem + ": " + e.getMessage(), "check s3.caFile", e);
        }
    }

    private static ObjectStoreException problem(String message, String hint, Throwable cause) {
        return new ObjectStoreException(StoreFailure.CONFIGURATION, message, hint, cause);
    }
}

package io.monitor.ingest.rss;

import io.monitor.ingest.http.Html;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Parses RSS 2.0 and Atom 1.0 documents into {@link Entry}s (a pure function, no I/O). DTDs and external entities are
 * refused (XXE). Links that are Google redirects ({@code https://www.google.com/url?...&url=<real>}, as in Google
 * Alerts feeds) are unwrapped to the real URL.
 */
public final class FeedParser {
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private FeedParser() {
    }

    /** One feed entry; {@code published} may be null, {@code error} is set when the entry cannot be used. */
    public record Entry(String id, String link, String title, String text, String author, Instant published,
                        String raw, String error) {
    }

    /** Not a feed at all (not XML, or neither RSS nor Atom). */
    public static final class FeedException extends Exception {
        FeedException(String message) {
            super(message);
        }
    }

    public static List<Entry> parse(String xml) throws FeedException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new FeedException("not a well-formed XML feed: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        String name = root.getLocalName() == null ? root.getNodeName() : root.getLocalName();
        List<Entry> out = new ArrayList<>();
        if (name.equals("feed") && ATOM.equals(root.getNamespaceURI())) {
            String feedAuthor = text(child(child(root, "author"), "name"));
            for (Element e : children(root, "entry")) {
                out.add(atom(e, feedAuthor));
            }
        } else if (name.equals("rss") || name.equals("RDF")) {
            Element channel = child(root, "channel");
            List<Element> items = children(channel != null ? channel : root, "item");
            if (items.isEmpty() && channel != null) {
                items = children(root, "item"); // RSS 1.0 puts items beside the channel
            }
            for (Element i : items) {
                out.add(rss(i));
            }
        } else {
            throw new FeedException("neither RSS nor Atom: the root element is <" + root.getNodeName() + ">");
        }
        return out;
    }

    private static Entry atom(Element e, String feedAuthor) {
        String link = null;
        for (Element l : children(e, "link")) {
            String rel = l.getAttribute("rel");
            if (link == null || rel.isEmpty() || rel.equals("alternate")) {
                link = l.getAttribute("href");
            }
        }
        String title = Html.toText(text(child(e, "title")));
        Element content = child(e, "content") != null ? child(e, "content") : child(e, "summary");
        String author = text(child(child(e, "author"), "name"));
        String date = text(child(e, "published")) != null ? text(child(e, "published")) : text(child(e, "updated"));
        return entry(text(child(e, "id")), link, title, Html.toText(text(content)),
                author != null ? author : feedAuthor, date, e);
    }

    private static Entry rss(Element i) {
        String author = text(child(i, "creator"));
        if (author == null) {
            author = text(child(i, "author"));
        }
        String date = text(child(i, "pubDate")) != null ? text(child(i, "pubDate")) : text(child(i, "date"));
        Element content = child(i, "encoded") != null ? child(i, "encoded") : child(i, "description");
        return entry(text(child(i, "guid")), text(child(i, "link")), Html.toText(text(child(i, "title"))),
                Html.toText(text(content)), author, date, i);
    }

    private static Entry entry(String id, String link, String title, String body, String author, String date,
                               Element raw) {
        String real = unwrapGoogleRedirect(link);
        String entryId = id != null && !id.isBlank() ? id.strip() : real;
        String text = ((title == null ? "" : title) + (body == null || body.isBlank() ? "" : "\n\n" + body)).strip();
        String error = null;
        if (entryId == null || entryId.isBlank()) {
            error = "entry has neither id/guid nor link";
        } else if (text.isEmpty()) {
            error = "entry " + entryId + " has neither title nor content";
        }
        Instant published = null;
        if (date != null) {
            published = parseDate(date.strip());
            if (published == null && error == null) {
                error = "entry " + entryId + " has an unreadable date '" + date.strip() + "'";
            }
        }
        return new Entry(entryId, real, title, text, author, published, rawText(raw), error);
    }

    static Instant parseDate(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** {@code https://www.google.com/url?rct=j&sa=t&url=<real>&ct=ga...} to {@code <real>}; other links unchanged. */
    public static String unwrapGoogleRedirect(String link) {
        if (link == null || link.isBlank()) {
            return link;
        }
        try {
            URI u = URI.create(link.strip());
            String host = u.getHost() == null ? "" : u.getHost();
            if ((host.equals("google.com") || host.endsWith(".google.com")) && "/url".equals(u.getPath())
                    && u.getRawQuery() != null) {
                for (String p : u.getRawQuery().split("&")) {
                    if (p.startsWith("url=") || p.startsWith("q=")) {
                        return URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return link.strip();
        }
        return link.strip();
    }

    private static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName() != null ? e.getLocalName() : e.getNodeName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e
                    && localName.equals(e.getLocalName() != null ? e.getLocalName() : e.getNodeName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent();
    }

    private static String rawText(Element e) {
        try {
            var t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            var w = new java.io.StringWriter();
            t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(w));
            return w.toString();
        } catch (javax.xml.transform.TransformerException ex) {
            return e.getTextContent();
        }
    }
}

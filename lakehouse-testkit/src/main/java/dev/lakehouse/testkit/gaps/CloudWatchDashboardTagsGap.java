package dev.lakehouse.testkit.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags on CloudWatch dashboards, which moto 5.2.1 refuses ({@code TagResource} accepts only alarm
 * ARNs there): {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource} of a
 * dashboard's ARN ({@code arn:aws:cloudwatch::<account>:dashboard/<name>}), as the CloudWatch API
 * reference documents them. A dashboard is known from its {@code PutDashboard} until its
 * {@code DeleteDashboards}; one not known is {@code ResourceNotFoundException}. A dashboard keeps
 * its tags when its body is put again, and loses them when it is deleted. Moto's reset through the
 * proxy forgets them all. Alarms' tags stay moto's.
 */
public final class CloudWatchDashboardTagsGap {
    private static final String DASHBOARD = ":dashboard/";

    /** The tags of each known dashboard, by name. */
    private final Map<String, Map<String, String>> dashboards = new ConcurrentHashMap<>();

    private CloudWatchDashboardTagsGap() {
    }

    /** Puts the gap filler in front of the proxy's upstream. */
    public static void install(AwsProxy proxy) {
        CloudWatchDashboardTagsGap gap = new CloudWatchDashboardTagsGap();
        proxy.observe(gap::follow);
        proxy.serveCloudWatch(request -> gap.onDashboard(request, "TagResource"), gap::tag);
        proxy.serveCloudWatch(request -> gap.onDashboard(request, "UntagResource"), gap::untag);
        proxy.serveCloudWatch(request -> gap.onDashboard(request, "ListTagsForResource"), gap::list);
    }

    private void follow(ProxiedRequest request) {
        if (request.isMotoReset()) {
            dashboards.clear();
        } else if (request.is("cloudwatch", "PutDashboard")) {
            dashboards.putIfAbsent(request.cloudWatchDocument().path("DashboardName").asText(), new TreeMap<>());
        } else if (request.is("cloudwatch", "DeleteDashboards")) {
            request.cloudWatchDocument().path("DashboardNames").forEach(name -> dashboards.remove(name.asText()));
        }
    }

    private boolean onDashboard(ProxiedRequest request, String operation) {
        return request.is("cloudwatch", operation) && arn(request).contains(DASHBOARD);
    }

    private static String arn(ProxiedRequest request) {
        return request.cloudWatchDocument().path("ResourceARN").asText("");
    }

    private static String name(ProxiedRequest request) {
        String arn = arn(request);
        return arn.substring(arn.indexOf(DASHBOARD) + DASHBOARD.length());
    }

    private Reply tag(ProxiedRequest request) {
        Map<String, String> tags = dashboards.get(name(request));
        if (tags == null) {
            return notFound(request);
        }
        synchronized (tags) {
            request.cloudWatchDocument().path("Tags").forEach(tag -> tags.put(tag.path("Key").asText(),
                    tag.path("Value").asText()));
        }
        return Reply.json(200, "{}");
    }

    private Reply untag(ProxiedRequest request) {
        Map<String, String> tags = dashboards.get(name(request));
        if (tags == null) {
            return notFound(request);
        }
        synchronized (tags) {
            request.cloudWatchDocument().path("TagKeys").forEach(key -> tags.remove(key.asText()));
        }
        return Reply.json(200, "{}");
    }

    private Reply list(ProxiedRequest request) {
        Map<String, String> tags = dashboards.get(name(request));
        if (tags == null) {
            return notFound(request);
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode list = response.putArray("Tags");
        synchronized (tags) {
            tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        }
        return Reply.json(200, response.toString());
    }

    private static Reply notFound(ProxiedRequest request) {
        return Reply.jsonError(400, "ResourceNotFoundException", "The specified resource " + arn(request)
                + " does not exist.");
    }
}

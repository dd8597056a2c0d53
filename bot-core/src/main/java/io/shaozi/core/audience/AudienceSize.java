package io.shaozi.core.audience;

import java.util.List;
import java.util.Map;

/**
 * How many recipients an audience reaches: in all, per channel, how many of them are residents and people of the
 * organisation, and which people of the organisation match but have no address to push to.
 */
public record AudienceSize(long total, Map<String, Long> byChannel, long residents, long people,
                           List<String> unreachable) {
}

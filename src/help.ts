import { Help } from '@oclif/core';

/**
 * oclif's help finds a topic's children with `name.includes(topic + ':')`, so the `power` command
 * showed up as a topic too (host:power:on "includes" power:). A topic is listed only when some
 * topic or command id starts with its name.
 */
export default class DcctlHelp extends Help {
  protected override get sortedTopics() {
    const names = [...this.config.topics.map((t) => t.name), ...this.config.commandIDs];
    return super.sortedTopics.filter((topic) => names.some((name) => name.startsWith(`${topic.name}:`)));
  }
}

/** English: the widget's signing form, its snippet, and the thank-you that leads on (part of `en`, issue 27). */
export const enWidget = {
  'embed.form': 'Live widget with the signing form (script): the count, the message and the embassy to choose',
  'widget.left': 'Characters left: {count}',
  'widget.over': 'Characters over the limit: {count}',
  'thanks.oneOf': { one: 'You are one of {count} supporter.', other: 'You are one of {count} supporters.' },
  'thanks.nextHeading': 'Next: the picket near you',
  'thanks.picketLead': 'Supporters meet in person. Come along:',
  'thanks.picketZone': 'local time ({zone})',
  'thanks.noPicket': 'No picket is planned near you yet. What helps most now is to pass the campaign on, so that more protests reach the embassies.',
  'mail.receipt.picket': 'Next: the picket near you, {where}, {when} local time ({zone}). Say you’ll be there: {url}',
};

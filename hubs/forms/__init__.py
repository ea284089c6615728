"""The hub pages' forms: hubs.forms.manage for officers' and partners' pages, hubs.forms.public
for the directory's filters. Each hands its data to a service and shows the service's errors."""

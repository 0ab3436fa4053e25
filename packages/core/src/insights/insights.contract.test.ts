import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import { insightsContract } from '../testing/contracts/insights.contract.js';

insightsContract('in-memory fakes', async () => {
  const ports = createInMemoryPorts();
  return {
    repositories: ports,
    feedback: ports.feedback,
    analytics: ports.analytics,
    leads: ports.leads,
    webhookDeliveries: ports.webhookDeliveries,
  };
});

import { parseGatewayConfig } from './config.js';
import { createGateway } from './gateway.js';

const config = parseGatewayConfig();
const gateway = await createGateway(config);
const url = await gateway.listen();
gateway.app.log.info({ url }, `gateway ready${config.sandbox ? `; sandbox at ${url}` : ''}`);
const stop = async () => {
  await gateway.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

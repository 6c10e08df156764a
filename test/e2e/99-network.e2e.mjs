/** (c) Patient data never leaves the machine: every request of every test went to 127.0.0.1. */
export default [
  {
    name: 'network: every request of every page and worker went to 127.0.0.1',
    last: true,
    async run({ requests, filter }) {
      if (requests.length < 20 && !filter) throw new Error(`only ${requests.length} requests recorded: the recorder is not working`);
      const off = requests.filter(({ url }) => {
        if (url.startsWith('data:') || url.startsWith('blob:')) return false;
        const u = new URL(url);
        return !(u.hostname === '127.0.0.1' && (u.protocol === 'http:' || u.protocol === 'ws:'));
      });
      if (off.length) throw new Error(`${off.length} request(s) left 127.0.0.1: ${off.slice(0, 5).map((r) => `${r.url} (${r.test})`).join(', ')}`);
      const workerFetches = requests.filter((r) => r.url.includes('/dicom-samples/')).length;
      if (!workerFetches && !filter) throw new Error('no sample-file request was recorded (worker requests are not being observed)');
    },
  },
];

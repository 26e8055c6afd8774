'use client';

import { RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { withBasePath } from '@/lib/base-path';

interface Status {
  uptimeSeconds: number;
}

/** Asks the app's own API for its uptime: proves fetch() works under the prefix. */
export function LiveStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const res = await fetch(withBasePath('/api/status/'), { cache: 'no-store' });
      if (!res.ok) throw new Error(`status ${res.status}`);
      setStatus((await res.json()) as Status);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="flex items-center gap-3">
      {failed ? (
        <Badge variant="outline">API unreachable</Badge>
      ) : status ? (
        <Badge variant="success" data-testid="live-status">
          live · up {status.uptimeSeconds}s
        </Badge>
      ) : (
        <Badge variant="secondary">checking…</Badge>
      )}
      <Button variant="outline" size="sm" onClick={() => void refresh()}>
        <RefreshCw />
        Refresh
      </Button>
    </div>
  );
}

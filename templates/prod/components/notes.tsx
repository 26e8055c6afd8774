'use client';

import { Save } from 'lucide-react';
import { useEffect, useId, useState } from 'react';

import { Button } from '@/components/ui/button';
import { withBasePath } from '@/lib/base-path';

type State = 'loading' | 'ready' | 'saving' | 'saved' | 'failed';

/** A note kept in the data volume: it is still here after a restart, a reset or an update. */
export function Notes() {
  const id = useId();
  const [text, setText] = useState('');
  const [state, setState] = useState<State>('loading');

  useEffect(() => {
    fetch(withBasePath('/api/notes/'), { cache: 'no-store' })
      .then((res) => (res.ok ? (res.json() as Promise<{ text: string }>) : Promise.reject()))
      .then((body) => {
        setText(body.text);
        setState('ready');
      })
      .catch(() => setState('failed'));
  }, []);

  async function save() {
    setState('saving');
    try {
      const res = await fetch(withBasePath('/api/notes/'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      setState(res.ok ? 'saved' : 'failed');
    } catch {
      setState('failed');
    }
  }

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Your notes (kept in /data)
      </label>
      <textarea
        id={id}
        className="min-h-28 rounded-md border border-border bg-background p-3 text-sm"
        value={text}
        disabled={state === 'loading'}
        onChange={(e) => {
          setText(e.target.value);
          if (state === 'saved') setState('ready');
        }}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={state === 'loading' || state === 'saving'}>
          <Save />
          Save notes
        </Button>
        <p role="status" className="text-sm text-muted-foreground" data-testid="notes-status">
          {state === 'saved' ? 'Saved.' : state === 'failed' ? 'Could not reach the notes.' : ''}
        </p>
      </div>
    </form>
  );
}
